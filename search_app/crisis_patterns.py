"""Explicit phrasings of risk, by category, in several languages: features of the crisis check.

Each entry is (category, clear, pattern). Patterns run on the normalised question
(lower case, punctuation removed, contractions expanded). Whether a "clear" or an
"ambiguous" one matched (a topic word such as "suicide", "cut myself", "after I'm
gone"), and whether a figurative or everyday use of the same words did
(`ORDINARY_PATTERNS`), are inputs of the learned classifier (`crisis.FEATURES`); where the
development split showed it costs no false alarms, a clear pattern also decides alone
(the judgement file's `clear_patterns_decide`). Categories are the classifier's.

Written from how people describe risk (slang, misspellings, other languages), not
from any test list; the judgement's splits measure them.
"""
from __future__ import annotations

PASSIVE, THOUGHTS, MEANS, PREPARATIONS, SELF_HARM, SOMEONE_ELSE = (
    "passive_wish", "suicidal_thoughts", "means", "preparations", "self_harm", "someone_else")

ME = r"(?:myself|my\s?self|my\s+life|my\s+own\s+life|mysefl|my\s+slef)"
THEM = r"(?:himself|herself|themselves|themself|his\s+(?:own\s+)?life|her\s+(?:own\s+)?life|their\s+(?:own\s+)?life)"
PEOPLE = (r"(?:friend|mate|bestie|brother|bro|sister|sis|son|daughter|kid|child|mum|mom|mother|dad|father|husband|wife|"
          r"partner|boyfriend|girlfriend|bf|gf|cousin|uncle|aunt|grandad|grandpa|grandma|nan|flatmate|roommate|student|"
          r"pupil|colleague|coworker|co-worker|patient|client|teen|teenager|neighbour|neighbor|classmate|ex)")
THEY = rf"(?:he|she|they|(?:my|our|a|his|her)\s+(?:\w+\s+)?{PEOPLE}s?)"
# suicide and its misspellings: sucide, suiside, suicid, suecide, suicidial, suicidle...
# Medicines and pills, in the words and misspellings people search with.
MEDICINE = (r"(?:pills?|tablets?|meds|medications?|medicines?|paracetamol|paracetmol|paracetamols|acetaminophen|tylenol|"
            r"ibuprofen|aspirin|co-?codamol|codeine|tramadol|lithium|insulin|sleeping\s+pills|antidepressants|"
            r"sertraline|citalopram|fluoxetine|amitriptyline|quetiapine|zopiclone|diazepam|opioids|oxycodone)")
SUICIDE = r"s[uo](?:i|e|ie|ii)?[cs]{1,2}i?(?:d|de)(?:e|es|ed|al|ial|ally|ing|ality|le)?|suicde|suicdie|suidice"
KILL = (r"(?:kill|kil|kll|killing|kiling|end|ending|off|offing|unalive|unaliving|hang|hanging|shoot|shooting|"
        r"drown|drowning|poison|poisoning|gas|gassing)")
HARM = r"(?:hurt|hurting|harm|harming|cut|cutting|cuting|burn|burning|stab|stabbing|starve|starving|punish|punishing)"
INTENT = (r"(?:want|wanna|wanted|wanting|wish|wishing|going|gonna|ima|finna|ready|plan|planning|need|trying|tryna|"
          r"try|tried|about|thinking\s+(?:about|of)|think\s+(?:about|of)|could|should|will|might|gotta|decided)")
BODY = r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|ankles?|body)"

PATTERNS: list[tuple[str, bool, str]] = [
    # --- ending one's life, in English (with slang and misspellings) ---
    (THOUGHTS, True, rf"\b{INTENT}\s+(?:to\s+)?{KILL}\s+{ME}\b"),
    (THOUGHTS, True, rf"\b{KILL}\s+(?:myself|my\s?self|mysefl|my\s+own\s+life)\b"),
    (THOUGHTS, True, r"\b(?:take|taking|took|end|ending|ended)\s+my\s+(?:own\s+)?(?:life|lfie|lief)\b"),
    (THOUGHTS, True, r"\b(?:end|ending)\s+it\s+all\b|\b(?:want|wanna|going|gonna|ready|about)\s+to\s+end\s+(?:it|things|everything)\b"),
    (THOUGHTS, True, rf"\b(?:i|im|i\s+am|ive\s+been|i\s+have\s+been|i\s+feel|feeling|been)\s+(?:feeling\s+|so\s+|really\s+|very\s+|quite\s+|kinda\s+|a\s+bit\s+)*(?:{SUICIDE})\b"),
    (THOUGHTS, True, rf"\b(?:commit|comit|commiting|committing|thinking\s+about|thoughts\s+of|"
                     rf"plan\s+to|planning)\s+(?:{SUICIDE}|sewer\s?slide)\b"),
    (THOUGHTS, False, r"\b(?:unalive\w*|sewer\s?slid\w*|the\s+s\s+word|s\s+word)\b"),
    (THOUGHTS, True, r"\b(?:kms|kmsl|self[\s-]?delet\w*|toaster\s+bath|yeet\w*\s+myself|"
                     r"neck\s+myself|rope\s?maxx?\w*|sign\s+out\s+of\s+life|log\s+off\s+(?:forever|permanently|for\s+good)|"
                     r"sui\s+(?:thoughts|ideation)|su1c1de|suic1de|game\s+end\s+myself|"
                     r"kys\s+myself|tell\s+myself\s+to\s+kys|should\s+(?:just\s+)?kys|gonna\s+kys|wanna\s+kys)\b"),
    (THOUGHTS, False, rf"\b(?:{SUICIDE})\b"),
    # a crisis line named: asked for by people at risk, and about by volunteers and students
    (THOUGHTS, False, rf"\b(?:{SUICIDE}|crisis|samaritans)\s+(?:hot\s?line|help\s?line|line|lifeline|phone\s+line|number|"
                     rf"text\s+line|chat)\b|\b(?:hot\s?line|help\s?line)\s+for\s+(?:{SUICIDE}|suicidal)"),
    (THOUGHTS, False, r"\b(?:ctb|catch\s+the\s+bus|permanent(?:ly)?\s+(?:solution|sleep|nap|exit|log\s+off)|final\s+exit|"
                      r"checking\s+out\s+for\s+good|not\s+be\s+around\s+(?:much\s+)?longer|won't\s+be\s+around|"
                      r"will\s+not\s+be\s+(?:here|around)\s+(?:much\s+longer|for\s+long|by)|kys)\b"),
    # --- wishing not to exist ---
    (PASSIVE, True, r"\b(?:want|wanna|wish|wishing|hope|hoping|pray|praying|ready|going)\s+(?:to\s+|that\s+|i\s+)?"
                    r"(?:could\s+|would\s+|will\s+|just\s+|can\s+)*(?:die|dye|be\s+dead|not\s+(?:be\s+)?(?:alive|here|exist|"
                    r"wake\s+up|live|around)|never\s+wake\s+up|stop\s+(?:existing|living|breathing)|disappear\s+forever|"
                    r"sleep\s+forever|not\s+exist|fall\s+asleep\s+(?:forever|and\s+not\s+wake))\b"),
    (PASSIVE, True, r"\b(?:do\s+not|dont|don't|doesnt|never)\s+(?:want|wanna|wish)\s+(?:to\s+)?(?:live|be\s+alive|be\s+here|"
                    r"wake\s+up|exist|go\s+on|keep\s+going|keep\s+living|carry\s+on|be\s+around|be\s+alive\s+anymore)\b"),
    (PASSIVE, True, r"\b(?:wish|wished)\s+(?:i|that\s+i)\s+(?:was|were|had\s+been)\s+(?:dead|never\s+born|gone)\b|"
                    r"\bwish\s+i\s+(?:had\s+)?never\s+(?:been\s+born|existed|woken\s+up)\b"),
    (PASSIVE, True, r"\b(?:no|any|the)\s+(?:reason|point)\s+(?:to|in|of)\s+(?:live|living|going\s+on|being\s+alive|life|"
                    r"carrying\s+on|being\s+here|existing|waking\s+up|staying\s+alive)\b|\bpoint\s+of\s+(?:living|being\s+alive)\b"),
    (PASSIVE, True, r"\bbetter\s+off\s+(?:dead|without\s+me|if\s+i\s+(?:was|were)\s+(?:dead|gone))\b|"
                    r"\b(?:rather|prefer\s+to)\s+be\s+dead\b|\bnot\s+worth\s+living\b|\bworth\s+living\s+anymore\b"),
    (PASSIVE, True, r"\b(?:tired|sick)\s+of\s+(?:living|being\s+alive|existing|life|being\s+here|waking\s+up)\b|"
                    r"\b(?:so\s+)?(?:tierd|tird)\s+of\s+(?:living|life)\b"),
    # --- amounts and methods ---
    (MEANS, True, r"\b(?:lethal|fatal|deadly|letal)\s+(?:dose|doses|amount|amounts|quantity|level|overdose|dosage)\b"),
    (MEANS, True, r"\bhow\s+(?:many|much|mnay|meny)\b.{0,60}\b(?:to|would|will|could|does\s+it\s+take\s+to|it\s+takes\s+to|"
                  r"before|until)\s+(?:die|dying|kill|overdose|overdoes|od|be\s+fatal|be\s+lethal|stop\s+(?:my|your|a|the)\s+heart|"
                  r"not\s+wake\s+up|never\s+wake\s+up|end\s+it|be\s+deadly|shut\s+down|go\s+to\s+sleep\s+forever|be\s+enough)\b"),
    (MEANS, True, r"\b(?:overdose|overdosing|overdoze|overdoes|od)\b(?:\s+on\s+(?:my|all|the|a)\b.{0,30})?\s*\b(?:on\s+purpose|"
                  r"to\s+die|intentionally|deliberately|tonight|today|this\s+weekend)\b|\b(?:intentional|deliberate)\w*\s+overdos\w*"),
    (MEANS, True, r"\b(?:take|taking|took|swallow|swallowing|swallowed|down|downing)\s+(?:a|the|my|an)\s+(?:whole|entire|full)\s+"
                  r"(?:bottle|pack|packet|box|strip|tub|month's\s+supply)\b|\ball\s+my\s+(?:pills|tablets|meds)\s+at\s+once\b"),
    # "how many paracetamol would be too many": an amount of a medicine asked about as a limit
    (MEANS, True, rf"\bhow\s+(?:many|much|mnay|meny)\s+(?:\w+\s+){{0,3}}?{MEDICINE}\b.{{0,40}}\btoo\s+(?:many|much|meny)\b"),
    # saving up a supply
    (MEANS, True, rf"\b(?:sav(?:ed|ing)\s+up|stockpil\w*|hoard\w*|stash\w*)\s+"
                  rf"(?:(?:my|all|the|some|of|enough|a|lot|lots|months?|weeks?|\d+)\s+){{0,4}}{MEDICINE}\b|"
                  rf"{MEDICINE}\s+(?:\w+\s+){{0,2}}?(?:saved|stockpiled|stashed|hoarded)(?:\s+up)?\b"),
    (MEANS, False, r"\b(?:would|will|could)\s+(?:i|you|they|he|she|someone|a\s+person)\s+(?:die|be\s+dead|not\s+wake\s+up)\b"),
    (MEANS, True, r"\b(?:painless|easiest|easy|quickest|quick|fastest|best|surest|quietest|peaceful|least\s+painful|"
                  r"most\s+reliable|reliable)\s+(?:way|ways|method|methods)\s+(?:to|of)\s+(?:die|dying|go|end\s+it|"
                  r"end\s+my\s+life|kill\s+myself|do\s+it|ctb|off\s+myself)\b"),
    (MEANS, True, r"\bhow\s+(?:to|do\s+i|can\s+i|do\s+you|do\s+people|would\s+i|should\s+i)\s+(?:die|overdose|od|"
                  r"hang\s+(?:myself|yourself)|slit\s+(?:my|your)\s+wrists?|kill\s+(?:myself|yourself)|end\s+my\s+life)\b"),
    (MEANS, False, r"\b(?:would|will|could|can|does|is)\s+(?:\w+\s+){0,4}(?:kill|be\s+fatal\s+to|be\s+lethal|be\s+fatal)\s*"
                   r"(?:me|you|someone|a\s+person)?\b"),
    # --- preparations ---
    (PREPARATIONS, True, rf"\b(?:{SUICIDE}|goodbye)\s+(?:note|notes|letter|letters)\b|\b(?:{SUICIDE})\s+(?:message|messages|video)\b"),
    # a farewell message or video is also what one writes for a colleague who leaves
    (PREPARATIONS, False, r"\b(?:goodbye|farewell)\s+(?:message|messages|video)\b|\bfarewell\s+(?:note|notes|letter|letters)\b"),
    (PREPARATIONS, False, r"\b(?:after|when|once|before)\s+(?:i\s+am|im|i'm|i\s+have)\s+(?:gone|dead|not\s+here|no\s+longer\s+here|"
                          r"no\s+longer\s+around|left\s+for\s+good)\b|\bafter\s+i\s+die\b"),
    (PREPARATIONS, False, r"\bgiv(?:e|ing)\s+(?:away\s+)?(?:all\s+)?(?:of\s+)?(?:away\s+)?my\s+(?:stuff|things|belongings|possessions|"
                          r"pets?|cats?|dogs?|clothes)\b|\b(?:affairs|everything)\s+in\s+order\b|\bwho\s+gets\s+(?:what|my)\b"),
    # --- hurting oneself ---
    (SELF_HARM, True, r"\b(?:i|im|i\s+am|i\s+have\s+been|ive\s+been|been|keep|started|start)\s+(?:\w+\s+)?self[\s-]?(?:harm|harming|harmed|harn|injur\w*|mutilat\w*)\b"),
    (SELF_HARM, False, r"\bself[\s-]?(?:harm|harming|harmed|harn|injur\w*|mutilat\w*)\b"),
    (SELF_HARM, True, rf"\b(?:cutting|cut|cuting|cuttin|burning|burn|scratching|scratch|hitting|punching|biting|hurting|"
                      rf"harming|carving)\s+(?:myself|my\s?self|my\s+{BODY})\b.{{0,40}}\b(?:again|on\s+purpose|to\s+cope|"
                      rf"every|when|because|until|till|deeper|bleed|tonight|can't\s+stop|cannot\s+stop)\b"),
    (SELF_HARM, True, r"\b(?:urge|urges|want|wanting|need|needing|itch)\s+to\s+(?:cut|burn|hurt|harm|scratch|hit)\b"
                      r"|\b(?:cuts|cutting|burns)\s+(?:are\s+)?(?:getting\s+)?deeper\b|\brelaps\w*\s+(?:on|with|into)\s+"
                      r"(?:self\s+harm|cutting|sh)\b|\bstarted\s+cutting\s+again\b|\bcutting\s+again\b"),
    (SELF_HARM, True, r"\b(?:cutting|hurting|harming|burning|hitting)\s+myself\s+(?:is|was|helps|makes|feels|calms|stops|numbs)\b"),
    (SELF_HARM, False, rf"\b{HARM}\s+(?:myself|my\s?self)\b|\bmy\s+(?:cuts|scars)\b|\bcutting\b"),
    # --- someone else at risk ---
    (SOMEONE_ELSE, True, rf"\b(?:kill|killing|end|ending|take|taking|off|unalive|hang|hurt|harm|cut|cutting)\s+{THEM}\b"),
    (SOMEONE_ELSE, True, rf"\b{THEY}\s+(?:who\s+)?(?:is|are|seems|sounds|has\s+been|was|feels|felt|might\s+be|may\s+be|"
                         rf"could\s+be)\s+(?:really\s+|very\s+|actively\s+)?(?:{SUICIDE})\b"),
    (SOMEONE_ELSE, True, rf"\b{THEY}\s+(?:wants?|wanted|said|says|keeps?\s+saying|keeps?\s+talking\s+about|talks?\s+about|"
                         rf"talked\s+about|threaten\w*|plans?|planning|is\s+going|tried|attempted|wrote|texted|told\s+me)\s+"
                         rf"(?:that\s+)?(?:(?:he|she|they)\s+)?(?:to\s+|wants?\s+to\s+|would\s+)?"
                         rf"(?:die|kill|end\s+it|end\s+(?:his|her|their)\s+life|{SUICIDE}|not\s+(?:being|be)\s+(?:here|alive|around)|"
                         rf"be\s+dead|jump|overdose)\b"),
    (SOMEONE_ELSE, True, rf"\b(?:{SUICIDE})\s+(?:friend|son|daughter|brother|sister|partner|husband|wife|mum|mom|dad|teen|child)\b"),
    (SOMEONE_ELSE, True, rf"\b{THEY}\s+(?:is|are|has\s+been|have\s+been|was|been|keeps?|started|might\s+be|may\s+be)\s+"
                         rf"(?:self[\s-]?harming|cutting|cutting\s+again|burning\s+(?:himself|herself|themselves)|"
                         rf"hurting\s+(?:himself|herself|themselves))\b"),
    # --- Spanish ---
    (THOUGHTS, True, r"\b(?:suicidarme|suicidarse|suicidar|me\s+quiero\s+matar|matarme|me\s+voy\s+a\s+matar|"
                     r"quitarme\s+la\s+vida|acabar\s+con\s+(?:todo|mi\s+vida|esto)|terminar\s+con\s+mi\s+vida|"
                     r"(?:quiero|me\s+quiero)\s+ir(?:me)?\s+de\s+este\s+mundo)\b"),
    (PASSIVE, True, r"\b(?:quiero|quisiera|me\s+quiero)\s+morir(?:me)?\b|\bganas\s+de\s+morir\b|\bno\s+quiero\s+(?:seguir\s+)?"
                    r"(?:vivir|viviendo|despertar(?:me)?|existir|estar\s+aqu[ií])\b|\bdesaparecer\s+para\s+siempre\b|"
                    r"\bmejor\s+sin\s+m[ií]\b|\bdormir(?:me)?\s+y\s+no\s+despertar\b|\bno\s+despertar\s+nunca\b"),
    (SELF_HARM, True, r"\b(?:hacerme\s+daño|autolesi\w+|(?:me\s+corto|cortarme|me\s+cort[eé])\s+(?:los\s+|las\s+|mis\s+)?"
                      r"(?:brazos|piernas|muñecas|venas|muslos))\b"),
    (MEANS, True, r"\bcu[aá]nt[oa]s\s+(?:pastillas|comprimidos|pastis)\b|\b(?:dosis|cantidad)\s+(?:letal|mortal)\b|"
                  r"\b(?:pastillas|comprimidos)\s+para\s+(?:morir|no\s+despertar)\b"),
    (PREPARATIONS, True, r"\bcartas?\s+de\s+despedida\b"),
    (MEANS, True, r"\b(?:forma|manera|modo)\s+(?:m[aá]s\s+)?(?:r[aá]pid[ao]|f[aá]cil|indolora|segura|sin\s+dolor)\s+de\s+"
                  r"(?:morir|matarme|suicidarme)\b"),
    (MEANS, False, r"\bpara\s+morir\b"),
    (PASSIVE, True, r"\bcansad[oa]\s+de\s+vivir\b(?!\s+(?:en|con|aqu[ií]|as[ií]))|\bsin\s+ganas\s+de\s+vivir\b|"
                    r"\bpara\s+qu[eé]\s+(?:sigo|seguir)\s+(?:viviendo|vivo)\b|\bno\s+deb[ií]\s+(?:haber\s+)?nac(?:er|ido)\b"),
    (SELF_HARM, True, r"\b(?:me\s+hago\s+daño|me\s+he\s+cortado|me\s+lastimo\s+a\s+m[ií]\s+mism[oa])\b"),
    (SOMEONE_ELSE, True, r"\bse\s+quiere\s+(?:matar|morir|suicidar)\b|\bquiere\s+suicidarse\b|\bse\s+va\s+a\s+matar\b"),
    # --- French ---
    (THOUGHTS, True, r"\b(?:me\s+suicider|suicidaire|me\s+tuer|en\s+finir|mettre\s+fin\s+à\s+(?:mes\s+jours|ma\s+vie)|"
                     r"me\s+foutre\s+en\s+l'air|je\s+vais\s+me\s+tuer)\b"),
    (PASSIVE, True, r"\b(?:envie\s+de\s+mourir|veux\s+mourir|voudrais\s+mourir|(?:ne\s+)?veux\s+plus\s+(?:vivre|exister)|"
                    r"ne\s+(?:plus|jamais)\s+(?:me|se)\s+réveiller|mieux\s+sans\s+moi|disparaître\s+pour\s+toujours)\b"),
    (SELF_HARM, True, r"\b(?:me\s+scarifi\w*|scarifie|scarification|me\s+faire\s+du\s+mal|me\s+couper\s+(?:les\s+)?"
                      r"(?:bras|veines|poignets|cuisses))\b"),
    (MEANS, True, r"\bdose\s+(?:mortelle|létale)\b|\bcombien\s+de\s+.{1,40}\bpour\s+(?:mourir|ne\s+plus|en\s+finir)\b"),
    (PREPARATIONS, True, r"\blettres?\s+d'adieu\b"),
    (MEANS, True, r"\b(?:moyen|façon|facon|manière|maniere)\s+(?:la\s+|le\s+)?(?:plus\s+)?(?:rapide|simple|facile|sans\s+douleur)\s+"
                  r"(?:de|pour)\s+(?:mourir|me\s+tuer|en\s+finir)\b|\bm[ée]dicaments?\s+(?:qui\s+)?tuent\b"),
    (PASSIVE, True, r"\b(?:fatigu[ée]e?|marre)\s+de\s+vivre\b|\bplus\s+envie\s+de\s+vivre\b|"
                    r"\bj'?aurais?\s+(?:jamais|pas)\s+d[uû]\s+na[iî]tre\b"),
    (SELF_HARM, True, r"\bje\s+me\s+(?:fais\s+du\s+mal|coupe|scarifie|mutile)\b"),
    (SOMEONE_ELSE, True, r"\bse\s+(?:fait\s+du\s+mal|scarifie|mutile)\b"),
    (SOMEONE_ELSE, True, r"\b(?:se\s+suicider|se\s+tuer|veut\s+mourir|veut\s+en\s+finir)\b"),
    # --- Portuguese ---
    (THOUGHTS, True, r"\b(?:me\s+matar|vou\s+me\s+matar|tirar\s+(?:a\s+)?(?:minha\s+)?(?:própria\s+)?vida|"
                     r"acabar\s+com\s+(?:tudo|a\s+minha\s+vida|minha\s+vida))\b"),
    (PASSIVE, True, r"\b(?:quero|queria)\s+morrer\b|\bvontade\s+de\s+morrer\b|\bn[ãa]o\s+quero\s+(?:mais\s+)?"
                    r"(?:viver|acordar|existir)\b|\bn[ãa]o\s+aguento\s+mais\s+viver\b|\bmelhor\s+sem\s+mim\b|"
                    r"\bdormir\s+e\s+(?:n[ãa]o|nunca\s+mais)\s+acordar\b|\bsumir\s+(?:pra|para)\s+sempre\b"),
    (SELF_HARM, True, r"\b(?:me\s+cortar|me\s+corto|me\s+machucar|automutila\w*|autoles[ãa]o)\b"
                      r"(?!\s+(?:o|os|a|as|el|la|las|los)\s+(?:cabelo|pelo|unhas|uñas|barba|franja|flequillo))"),
    (MEANS, True, r"\b(?:dose|quantidade)\s+(?:letal|fatal)\b|\bcomprimidos\b.{0,40}\b(?:fatais|fatal|letal|letais|morrer)\b"),
    (SOMEONE_ELSE, True, r"\b(?:se\s+matar|quer\s+morrer|acabar\s+com\s+a\s+vida\s+(?:dela|dele))\b"),
    (MEANS, True, r"\b(?:jeito|forma|maneira|modo)\s+(?:mais\s+)?(?:r[aá]pid[oa]|f[aá]cil|indolor|sem\s+dor)\s+de\s+"
                  r"(?:morrer|me\s+matar)\b"),
    (PASSIVE, True, r"\bcansad[oa]\s+de\s+viver\b(?!\s+(?:em|com|aqui|assim))|\bsem\s+vontade\s+de\s+viver\b"),
    (PASSIVE, False, r"\bquero\s+(?:desaparecer|sumir)\b"),
    # --- German ---
    (THOUGHTS, True, r"\b(?:suizidal|suizidgedanken|mich\s+umbringen|mich\s+umzubringen|bringe\s+mich\s+um|mir\s+das\s+leben\s+(?:zu\s+)?nehmen|"
                     r"lebensmüde|schluss\s+machen\s+mit\s+dem\s+leben)\b"),
    (PASSIVE, True, r"\b(?:nicht\s+mehr\s+leben|will\s+sterben|sterben\s+will|möchte\s+sterben|nicht\s+mehr\s+aufwachen|"
                    r"nicht\s+mehr\s+(?:da\s+sein|existieren)|ohne\s+mich\s+besser\s+dran)\b"),
    (SELF_HARM, True, r"\b(?:ritze\s+mich|ritzen|mich\s+ritzen|mir\s+(?:etwas|was)\s+antun|selbstverletz\w*)\b"),
    (MEANS, True, r"\btödlich\w*\b|\bwie\s+viele\s+.{1,40}\bsterben\b"),
    (PREPARATIONS, True, r"\babschiedsbrief\w*\b"),
    (MEANS, True, r"\b(?:schnellste|einfachste|sicherste|schmerzlose)\s+(?:art|weise|methode|möglichkeit|moglichkeit)\s+"
                  r"(?:zu\s+sterben|mich\s+umzubringen)\b|\bhoch\s+genug\b.{0,30}\b(?:springen|sterben)\b"),
    (PASSIVE, True, r"\b(?:m[üu]de|satt)\s+vom\s+leben\b|\bkeine\s+kraft\s+mehr\s+zu\s+leben\b|"
                    r"\bkeinen\s+sinn\s+mehr\s+(?:zu\s+leben|im\s+leben)\b|\bbald\s+nicht\s+mehr\s+da\b"),
    (SELF_HARM, True, r"\b(?:kratze|verletze|schneide)\s+mich\b"),
    (SOMEONE_ELSE, True, r"\bsich\s+(?:das\s+leben\s+nehmen|umbringen|etwas\s+antun)\b"),
    # --- Italian and Dutch ---
    (THOUGHTS, False, r"\b(?:suic[ií]dio|suizid\w*|selbstmord\w*|umbringen|zelfmoord\w*)\b"),
    (THOUGHTS, True, r"\b(?:suicidarmi|togliermi\s+la\s+vita|uccidermi|farla\s+finita|zelfmoord\s+(?:plegen|gedachten)|"
                     r"einde\s+aan\s+(?:te\s+)?maken|mezelf\s+(?:doden|van\s+kant\s+maken))\b"),
    (PASSIVE, True, r"\b(?:voglio\s+morire|non\s+voglio\s+(?:più\s+)?(?:vivere|svegliarmi)|meglio\s+senza\s+di\s+me|"
                    r"ik\s+wil\s+dood|niet\s+meer\s+(?:leven|wakker\s+worden))\b"),
    (SELF_HARM, True, r"\b(?:farmi\s+del\s+male|tagliarmi|mi\s+taglio|si\s+taglia|mezelf\s+(?:snijden|pijn\s+doen))\b"),
    (SOMEONE_ELSE, True, r"\b(?:togliersi\s+la\s+vita|uccidersi|vuole\s+morire)\b"),
    (MEANS, True, r"\bmodo\s+(?:più\s+|piu\s+)?(?:veloce|facile|rapido|indolore)\s+per\s+morire\b|"
                  r"\bsnelste\s+manier\s+om\s+(?:dood\s+te\s+gaan|te\s+sterven)\b"),
    (PASSIVE, True, r"\bstanc[oa]\s+di\s+vivere\b|\bmi\s+faccio\s+del\s+male\b|\bmoe\s+van\s+het\s+leven\b|\blevensmoe\b"),
    (PREPARATIONS, True, r"\b(?:afscheidsbrief\w*|lettera\s+d'addio)\b"),
]

# Figurative and everyday uses of the same words: the embedding model reads "dying to know" or
# "cutting onions" by their words, not their sense, so the classifier is told when one matches.
ORDINARY_PATTERNS: list[str] = [
    r"\bdying\s+(?:to|for)\s+(?:know|see|find\s+out|hear|try|meet|go|get|read|watch|tell|a|an|some)\b",
    r"\b(?:die|died|dying|dead)\s+(?:of|from)\s+(?:laughter|laughing|embarrassment|boredom|shame|cringe)\b",
    r"\b(?:killing|killed|kill|smashing|nailing|nailed)\s+it\b",
    r"\b(?:is|are|was|were|has\s+been|have\s+been|keeps|will\s+be)\s+(?:literally\s+|absolutely\s+|slowly\s+)?killing\s+(?:me|us)\b",
    r"\bthe\s+death\s+of\s+me\b|\bdrop[\s-]?dead\s+(?:gorgeous|beautiful|handsome)\b|\bto\s+die\s+for\b",
    r"\bdead\s+(?:tired|on\s+my\s+feet|end|battery|phone)\b|\b(?:phone|battery|laptop|car|plant)\s+(?:is|was)\s+dead\b",
    r"\b(?:kill|killing|kills)\s+(?:time|weeds?|ants|mould|mold|bacteria|germs|slugs|flies|fleas|the\s+lights|the\s+engine)\b",
    r"\b(?:cut|cutting|chop|chopping|slice|slicing|dice|dicing)\s+(?:up\s+)?(?:the\s+|an?\s+|my\s+|some\s+)?"
    r"(?:onions?|vegetables?|veg|meat|bread|cake|fruit|mango|tiles?|wood|paper|fabric|grass|hedges?|hair|fringe|"
    r"costs|down\s+on|back\s+on|ties|corners|carbs|sugar|caffeine)\b",
    r"\b(?:knife|knives|scissors)\s+(?:for|to)\s+(?:cut|cutting|chop|chopping|slicing)\b",
    r"\bhang(?:ing)?\s+(?:out|on|in\s+there|a\s+picture|pictures|a\s+shelf|curtains|up)\b",
    r"\bshoot\s+(?:me\s+)?(?:a\s+)?(?:message|text|email|photos?|video|hoops)\b",
]
