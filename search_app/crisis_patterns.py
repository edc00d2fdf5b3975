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

# --- the other six languages: shared pieces. Patterns run on normalised text, which keeps accents,
# so accented letters are written as optional ([ée]); "su...id" covers suicid-, suisid-, sucid-.
ES_SUI = FR_SUI = PT_SUI = r"su(?:i|ii)?(?:c|s|sc)[ií]d"
# "morir de risa / de hambre", "matarse a estudiar", "cortarse el pelo" are everyday speech
ES_NOT_FIG = (r"(?!\s+de\s+(?:la\s+)?(?:risa|verg[üu]enza|hambre|calor|fr[ií]o|sue[ñn]o|ganas|amor|envidia|aburrimiento|miedo|"
              r"pena|nervios|celos|ternura|cansancio|sed))")
ES_NOT_WORK = (r"(?!\s+(?:a|de)\s+(?:estudiar|trabajar|re[ií]r|risa|correr|entrenar|hacer\s+ejercicio)|"
               r"\s+(?:estudiando|trabajando|entrenando|corriendo))")
ES_NOT_HAIR = r"(?!\s+(?:el|la|los|las|mi|mis)\s+(?:pelo|cabello|flequillo|fleco|u[ñn]as|barba|puntas|melena|bigote))"
ES_INTENT = (r"(?:quiero|quisiera|quer[ií]a|querer|ganas\s+de|pienso\s+en|pensando\s+en|pens[eé]\s+en|pensar\s+en|voy\s+a|iba\s+a|"
             r"intent[eé]|he\s+intentado|intentar|trat[eé]\s+de|planeo|planeando|necesito|decid[ií]|deber[ií]a|puedo|podr[ií]a|"
             r"quise|deseo)")
ES_REL = (r"(?:hij[oa]s?|ni[ñn][oa]s?|hermano|hermana|hermanit[oa]|madre|mam[aá]|mami|padre|pap[aá]|novio|novia|pareja|espos[oa]|"
          r"marido|mujer|amig[oa]|mejor\s+amig[oa]|compa|compa[ñn]er[oa]|colega|alumn[oa]|estudiante|paciente|prim[oa]|t[ií][oa]|"
          r"abuel[oa]|sobrin[oa]|vecin[oa]|adolescente|chic[oa]|cu[ñn]ad[oa])")
FR_NOT_FIG = r"(?!\s+(?:de|d')\s*(?:rire|honte|faim|chaud|froid|fatigue|peur|ennui|envie|soif|jalousie|impatience))"
FR_NOT_WITH = r"(?!\s+avec\s+(?!(?:la|ma|cette)\s+vie\b|tout\b))"   # "en finir avec la procrastination"
FR_INTENT = (r"(?:veux|voudrais|vais|allais|envie\s+de|(?:le\s+)?go[uû]t\s+de|pense\s+[àa]|penser\s+[àa]|pens[ée]\s+[àa]|"
             r"essay[ée]\s+de|essaie\s+de|essayer\s+de|tent[ée]\s+de|besoin\s+de|pr[êe]te?\s+[àa]|d[ée]cid[ée]e?\s+de|compte|"
             r"aimerais|souhaite|projet\s+de|dois|devrais|pourrais)")
FR_REL = (r"(?:(?:mon|ma|mes|notre|nos)\s+(?:\w+\s+)?(?:fils|fille|enfant|enfants|ado|adolescente?|fr[èe]re|s(?:oe|œ)ur|m[èe]re|"
          r"maman|p[èe]re|papa|mari|femme|copain|copine|conjointe?|compagnon|compagne|amie?|meilleure?\s+amie?|pote|coll[èe]gue|"
          r"[ée]l[èe]ve|[ée]tudiante?|patiente?|cousine?|oncle|tante|voisine?|coloc(?:ataire)?|petite?\s+amie?)|il|elle)")
PT_NOT_FIG = (r"(?!\s+de\s+(?:rir|vergonha|fome|calor|frio|sono|saudades?|vontade|t[ée]dio|medo|inveja|cansa[çc]o|sede|"
              r"tanto\s+rir))")
PT_NOT_WORK = r"(?!\s+de\s+(?:trabalhar|estudar|trabalho|estudo|rir|treinar|correr))"
PT_NOT_HAIR = r"(?!\s+(?:o|os|a|as|meu|meus|minha|minhas)\s+(?:cabelos?|unhas|barba|franja|pontas))"
PT_INTENT = (r"(?:quero|queria|vou|ia|vontade\s+de|penso\s+em|pensando\s+em|pensei\s+em|tentei|tentar|preciso|decidi|devia|"
             r"deveria|posso|poderia|planejo|planejando|estou\s+a\s+pensar\s+em|ando\s+a\s+pensar\s+em|desejo\s+de)")
PT_REL = (r"(?:filh[oa]s?|irm[ãa]o?|m[ãa]e|pai|namorad[oa]|marido|espos[oa]|mulher|companheir[oa]|amig[oa]|melhor\s+amig[oa]|"
          r"colega|alun[oa]|estudante|paciente|prim[oa]|ti[oa]|av[óôo]|sobrinh[oa]|vizinh[oa]|parceir[oa]|entead[oa]|sogr[ao])")
DE_INTENT = (r"(?:ich\s+(?:\w+\s+)?(?:will|möchte|moechte|mochte|werde|würde|wuerde|wollte)|(?:will|möchte|moechte|werde|würde|"
             r"wuerde|wollte)\s+ich|(?:habe|hab|hatte)\s+(?:\w+\s+){0,2}?versucht|versuche|(?:daran\s+)?gedacht|denke\s+(?:\w+\s+)?daran|"
             r"überlege|ueberlege|uberlege|plane|lust|drang|gedanken|bereit|kurz\s+davor|beschlossen|entschieden|den\s+wunsch|"
             r"(?:dass|ob|weil|wenn|bevor)\s+ich)")
DE_REL_NOM = (r"(?:(?:mein|meine|unser|unsere)\s+(?:\w+\s+)?(?:sohn|tochter|kind|bruder|schwester|mutter|mama|vater|papa|mann|"
              r"frau|freund|freundin|partner|partnerin|kumpel|kollege|kollegin|schüler|schueler|schülerin|schuelerin|patient|"
              r"patientin|klient|klientin|cousin|cousine|onkel|tante|oma|opa|nachbar|nachbarin|mitbewohner|mitbewohnerin|enkel|"
              r"enkelin|neffe|nichte|ehemann|ehefrau))")
IT_NOT_FIG = (r"(?!\s+(?:dal|dalle|dalla|di|de)\s+(?:ridere|risate|risata|fame|caldo|freddo|sonno|noia|vergogna|voglia|paura|"
              r"invidia|sete))")
IT_NOT_WITH = r"(?!\s+con\s+(?!la\s+vita\b|tutto\b))"   # "farla finita con le sigarette"
IT_NOT_HAIR = r"(?!\s+(?:i|le|la|il|gli)\s+(?:capelli|unghie|barba|frangia|punte))"
IT_NOT_WORK = r"(?!\s+(?:di|dal|dalle)\s+(?:lavoro|studio|risate|ridere|fatica|palestra))"
IT_INTENT = (r"(?:voglio|vorrei|volevo|voglia\s+di|pensato\s+di|penso\s+di|sto\s+per|stavo\s+per|provato\s+a|tentato\s+di|"
             r"provo\s+a|cerco\s+di|deciso\s+di|devo|dovrei|potrei|bisogno\s+di|pront[oa]\s+a)")
IT_REL = (r"(?:(?:mio|mia|il\s+mio|la\s+mia|nostro|nostra)\s+(?:\w+\s+)?(?:figlio|figlia|bambino|bambina|fratello|sorella|madre|"
          r"mamma|padre|papà|papa|marito|moglie|compagno|compagna|ragazzo|ragazza|fidanzato|fidanzata|amico|amica|collega|alunno|"
          r"alunna|studente|studentessa|paziente|cugino|cugina|zio|zia|nonno|nonna|vicino|vicina)|lui|lei)")
NL_REL_NOM = (r"(?:(?:mijn|onze|ons)\s+(?:\w+\s+)?(?:zoon|dochter|kind|broer|zus|zusje|broertje|moeder|mama|vader|papa|man|vrouw|"
              r"vriend|vriendin|partner|collega|leerling|student|studente|patiënt|patient|patiënte|cliënt|client|neef|nicht|oom|"
              r"tante|opa|oma|buurman|buurvrouw|huisgenoot|puber|tiener))")


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
    # ===================== Spanish =====================
    # (accents optional: users often type without them; "se" forms are someone else, "me" forms the asker)
    (SOMEONE_ELSE, True, rf"\b(?:se\s+(?:quiere|quer[ií]a|va\s+a|iba\s+a|intent[oó]|ha\s+intentado|quiso|piensa)\s+"
                         rf"(?:{ES_SUI}ar|matar|quitar\s+la\s+vida|ahorcar|morir{ES_NOT_FIG})|(?:quiere|quer[ií]a|quiso|intent[oó]|"
                         rf"ha\s+intentado|trat[oó]\s+de|piensa\s+en|habla\s+de|hablando\s+de|amenaza\s+con|amenaz[oó]\s+con|"
                         rf"amenazando\s+con|planea|planeando|va\s+a|iba\s+a|tiene\s+ganas\s+de)\s+(?:{ES_SUI}arse|matarse|"
                         rf"quitarse\s+la\s+vida|ahorcarse|morirse{ES_NOT_FIG}|tirarse\s+(?:de|por|al|a\s+las)))\b"),
    (SOMEONE_ELSE, True, rf"\b(?:dice|dijo|me\s+dijo|me\s+dice|dec[ií]a|coment[oó]|escribi[oó]|me\s+escribi[oó]|publica|public[oó])\s+"
                         rf"que\s+(?:ya\s+)?(?:se\s+quiere\s+(?:morir|matar|{ES_SUI}ar)|quiere\s+(?:morir(?:se)?|matarse|{ES_SUI}arse|"
                         rf"desaparecer\s+para\s+siempre)|se\s+va\s+a\s+(?:matar|{ES_SUI}ar)|no\s+quiere\s+(?:seguir\s+)?vivir|"
                         rf"es\s+una\s+carga|estar[ií]amos\s+mejor\s+sin\s+(?:[eé]l|ella))\b"),
    (SOMEONE_ELSE, True, rf"\b(?:mi|mis|nuestr[oa]s?)\s+(?:\w+\s+)?{ES_REL}\s+(?:se\s+(?:corta|est[aá]\s+cortando|autolesiona|"
                         rf"est[aá]\s+autolesionando|lastima|hace\s+da[ñn]o|quema)|es\s+suicida|est[aá]\s+suicida|"
                         rf"tiene\s+(?:pensamientos|ideas)\s+suicidas|no\s+quiere\s+vivir\s+m[aá]s|ya\s+no\s+quiere\s+vivir)\b{ES_NOT_HAIR}|"
                         rf"\bse\s+(?:corta|cortaba|est[aá]\s+cortando|ha\s+cortado)\s+(?:los|las|sus)\s+(?:brazos|piernas|mu[ñn]ecas|"
                         rf"muslos|venas)\b|\bse\s+(?:autolesiona|est[aá]\s+autolesionando|lastima\s+a\s+s[ií]\s+mism[oa]|"
                         rf"hace\s+da[ñn]o\s+a\s+s[ií]\s+mism[oa])\b"),
    (THOUGHTS, True, rf"\b(?:{ES_SUI}arme|{ES_SUI}ar-?me|me\s+{ES_SUI}o|me\s+(?:quiero|voy\s+a|quer[ií]a|iba\s+a|intent[eé]|he\s+intentado|"
                     rf"quise|pienso|puedo|podr[ií]a|deber[ií]a)\s+(?:{ES_SUI}ar|matar|quitar\s+la\s+vida|ahorcar))\b"),
    (THOUGHTS, True, rf"\b{ES_INTENT}\s+(?:matarme|quitarme\s+la\s+vida|ahorcarme|colgarme|petatearme|matarme\s+ya)\b{ES_NOT_WORK}"),
    (THOUGHTS, True, rf"\b(?:querer|ganas\s+de|pensar\s+en|pensando\s+en|pienso\s+en|pensamientos\s+de|ideas\s+de)\s+"
                     rf"(?:matarse|{ES_SUI}arse|quitarse\s+la\s+vida|ahorcarse)\b"),
    (THOUGHTS, True, r"\b(?:quitarme\s+la\s+vida|(?:acabar|terminar)\s+con\s+mi\s+(?:propia\s+)?vida|poner(?:le)?\s+fin\s+a\s+mi\s+"
                     r"(?:propia\s+)?vida|(?:irme|marcharme)\s+de\s+este\s+mundo|me\s+quiero\s+ir\s+de\s+este\s+mundo|acabar\s+con\s+todo\b(?!\s+(?:el|la|lo|los|las|"
                     r"este|esta|esto|eso|estos|mi|mis|tu|su|sus|tipo|de)\b)|me\s+quiero\s+ir\s+para\s+siempre)\b"),
    (THOUGHTS, True, rf"\b(?:tuve|hice|he\s+tenido|he\s+hecho|tengo)\s+(?:un|otro|varios|dos|tres)\s+intentos?\s+de\s+{ES_SUI}io\b|"
                     rf"\b(?:soy|estoy|me\s+siento|sentirme)\s+(?:muy\s+|otra\s+vez\s+|bastante\s+)?{ES_SUI}a\b|"
                     rf"\b(?:tengo|he\s+tenido|vuelvo\s+a\s+tener)\s+(?:muchos\s+|otra\s+vez\s+)?(?:pensamientos|ideas|ideaci[oó]n|"
                     rf"tendencias)\s+{ES_SUI}as?\b|\bcasi\s+me\s+(?:{ES_SUI}o|mato\s+anoche)\b"),
    (THOUGHTS, False, rf"\b(?:{ES_SUI}io|{ES_SUI}a|{ES_SUI}as|{ES_SUI}arse|{ES_SUI}[oó]|matarme|me\s+mato|intento\s+de\s+{ES_SUI}io|"
                      r"casi\s+lo\s+hago|estuve\s+a\s+punto|acabar\s+con\s+(?:todo|esto)|desaparecer)\b"),
    (PASSIVE, True, rf"\b(?:quiero|quisiera|quer[ií]a|me\s+quiero|me\s+quer[ií]a|solo\s+quiero|s[oó]lo\s+quiero|tengo\s+ganas\s+de|"
                    rf"ganas\s+de|deseo|deseando|ojal[aá]\s+pudiera)\s+(?:morir(?:me)?|estar\s+muert[oa]|dejar\s+de\s+(?:existir|vivir)|"
                    rf"no\s+existir|no\s+despertar(?:me)?|dormir\s+para\s+siempre|desaparecer\s+para\s+siempre)\b{ES_NOT_FIG}"),
    (PASSIVE, True, r"\b(?:ojal[aá]|desear[ií]a|quisiera)\s+(?:me\s+muera|morirme|no\s+despertar(?:me)?|estar\s+muert[oa]|"
                    r"estuviera\s+muert[oa]|no\s+haber\s+nacido|nunca\s+haber\s+nacido|no\s+hubiera\s+nacido|no\s+existir|no\s+amanecer)\b|"
                    r"\bno\s+deb[ií]\s+(?:haber\s+)?nac(?:er|ido)\b|\bpara\s+qu[eé]\s+(?:sigo|seguir)\s+(?:viviendo|vivo|vivir)\b"),
    (PASSIVE, True, r"\bno\s+(?:quiero|quisiera|tengo\s+ganas\s+de)\s+(?:seguir\s+)?(?:vivir|viviendo|despertar(?:me)?|existir|"
                    r"estar\s+viv[oa]|seguir\s+con\s+vida|estar\s+aqu[ií]|amanecer)\b(?!\s+(?:en|con|as[ií]|sol[oa]|junt[oa]s?|lejos|"
                    r"cerca|de\s+alquiler|aqu[ií]))"),
    (PASSIVE, True, r"\b(?:cansad[oa]|harta?o?|harto|agotad[oa]|hart[oa])\s+de\s+(?:vivir|la\s+vida|existir|estar\s+viv[oa])\b"
                    r"(?!\s+(?:en|con|aqu[ií]|as[ií]|sol[oa]|de\s+alquiler))|\bsin\s+ganas\s+de\s+vivir\b|"
                    r"\bno\s+tengo\s+(?:ganas|razones|motivos|raz[oó]n|nada|por\s+qu[eé])\s+(?:de|para|por\s+(?:la\s+)?que)\s+(?:vivir|seguir\s+viviendo)\b|"
                    r"\bno\s+(?:hay|tengo)\s+(?:ninguna\s+)?(?:raz[oó]n|motivo)\s+para\s+(?:vivir|seguir\s+viviendo|seguir\s+aqu[ií])\b|"
                    r"\bno\s+le\s+(?:veo|encuentro)\s+sentido\s+a\s+(?:la\s+vida|mi\s+vida|vivir|seguir\s+viviendo)\b|"
                    r"\b(?:estar[ií]an|estar[ií]a|est[aá]n|estar[aá]n|vivir[ií]an)\s+mejor\s+sin\s+m[ií]\b|\bmejor\s+sin\s+m[ií]\b|"
                    r"\b(?:soy|ser)\s+(?:una\s+carga|un\s+estorbo)\s+(?:para|a)\b|\bno\s+vale\s+la\s+pena\s+(?:vivir|seguir\s+viviendo)\b|"
                    r"\bdormir(?:me)?\s+y\s+no\s+despertar\b|\bno\s+despertar(?:me)?\s+(?:nunca|jam[aá]s)\b|"
                    r"\bdesaparecer\s+para\s+siempre\b|\bnadie\s+me\s+(?:extra[ñn]ar[ií]a|echar[ií]a\s+de\s+menos)\s+si\s+(?:me\s+muero|muero|desaparezco)\b"),
    (PASSIVE, False, r"\b(?:quiero|quisiera)\s+desaparecer\b|\bmi\s+vida\s+no\s+tiene\s+sentido\b|\bno\s+puedo\s+m[aá]s\s+con\s+(?:la|mi)\s+vida\b|"
                     r"\b(?:soy|me\s+siento)\s+una\s+carga\b"),
    (MEANS, True, rf"\b(?:tirarme|aventarme|lanzarme|arrojarme|botarme|me\s+(?:tiro|aviento|lanzo|arrojo|voy\s+a\s+(?:tirar|aventar|lanzar)|"
                  rf"quiero\s+(?:tirar|aventar|lanzar)))\s+(?:de(?:sde)?|por|a|al|bajo|debajo\s+de(?:l)?|delante\s+de(?:l)?|enfrente\s+de(?:l)?)\s+"
                  rf"(?:(?:un|una|el|la|los|las|mi|este|esta)\s+)?(?:puente|ventana|balc[oó]n|techo|tejado|azotea|edificio|piso\s+\w+|"
                  rf"tren|metro|v[ií]as|acantilado|precipicio|barranco|coche|carro|auto|cami[oó]n)\b"),
    (MEANS, True, rf"\b(?:ahorcarme|me\s+(?:quiero\s+|voy\s+a\s+)?ahorc(?:o|ar)|colgarme\s+(?:de|del|con)\s+(?:una\s+|la\s+|un\s+)?"
                  rf"(?:soga|cuerda|viga|[aá]rbol|techo)|(?:soga|cuerda)\s+para\s+(?:ahorcar(?:me|se)|colgar(?:me|se))|"
                  rf"c[oó]mo\s+(?:puedo\s+)?(?:ahorcar(?:me|se)|matarme|{ES_SUI}ar(?:me|se)|quitarme\s+la\s+vida|morir\s+sin\s+(?:dolor|sufrir)))\b"),
    (MEANS, True, rf"\b(?:pastillas|pastis|comprimidos|medicamentos|medicinas|f[aá]rmacos|p[ií]ldoras)\s+(?:\w+\s+){{0,2}}?para\s+"
                  rf"(?:morir(?:me)?|matarme|{ES_SUI}arme|no\s+despertar|dormir\s+para\s+siempre|acabar\s+con\s+todo)\b|"
                  rf"\bcu[aá]nt[oa]s\s+(?:\w+\s+){{0,3}}?(?:pastillas|pastis|comprimidos|p[ií]ldoras|miligramos|mg|gramos)\b.{{0,50}}?"
                  rf"\b(?:morir|matar|matarme|muert[oa]|letal|mortal|sobredosis|no\s+despertar|para\s+siempre)\b|"
                  rf"\b(?:dosis|cantidad)\s+(?:letal|mortal|fatal)\b|\bsobredosis\s+(?:a\s+prop[oó]sito|intencional|voluntaria|para\s+morir)\b|"
                  rf"\b(?:tomarme|tragarme|me\s+tom[eé]|me\s+voy\s+a\s+tomar|me\s+trag[eé])\s+(?:todas\s+(?:las|mis)\s+(?:pastillas|pastis|"
                  rf"comprimidos|p[ií]ldoras)|tod[oa]\s+(?:el|la)\s+(?:bote|caja|frasco|bl[ií]ster)\b)"),
    (MEANS, True, rf"\b(?:forma|formas|manera|maneras|modo|m[eé]todo|m[eé]todos)\s+(?:m[aá]s\s+)?(?:r[aá]pid[ao]s?|f[aá]cil(?:es)?|"
                  rf"indoloras?|seguras?|sin\s+dolor|efectiv[ao]s?|menos\s+dolorosa?s?)\s+(?:de|para)\s+(?:morir(?:me)?|matarme|"
                  rf"{ES_SUI}ar(?:me|se)|quitarme\s+la\s+vida|matarse)\b|\b(?:forma|formas|manera|maneras|m[eé]todos?)\s+(?:de|para)\s+"
                  rf"(?:matarme|{ES_SUI}arme|quitarme\s+la\s+vida)\b"),
    (MEANS, False, r"\b(?:para\s+morir|sobredosis|saltar\s+(?:de|desde)\s+(?:un|una|el|la)?\s*(?:puente|edificio|ventana|azotea|balc[oó]n)|"
                   r"nudo\s+de\s+horca|ahorcarse|muerte\s+indolora|me\s+tiro\s+(?:de|por|al))\b"),
    (PREPARATIONS, True, rf"\b(?:nota|carta)\s+{ES_SUI}a\b|\bcartas?\s+de\s+despedida\s+(?:a|para)\s+(?:mi\s+familia|mis\s+(?:padres|hijos|"
                         rf"seres\s+queridos|amigos)|todos)\b|\b(?:despedirme|me\s+despido|me\s+estoy\s+despidiendo|despidi[eé]ndome)\s+"
                         rf"(?:de\s+(?:todos|todo\s+el\s+mundo|mi\s+familia|mis\s+\w+|ustedes|vosotros)\s+)?para\s+siempre\b"),
    (PREPARATIONS, True, r"\b(?:regal\w+|don\w+|doy|di|repart\w+)\s+(?:todas\s+)?(?:mis\s+)?(?:cosas|pertenencias|ropa|mascotas?|objetos)\b"
                         r".{0,60}?\bno\s+(?:las|los|lo|la|me)\s+(?:voy\s+a\s+necesitar|necesitar[eé]|van\s+a\s+(?:hacer\s+falta|servir)|servir[aá]n)\b|"
                         r"\btodo\s+(?:habr[aá]|va\s+a\s+haber)\s+(?:terminado|acabado)\s+para\s+m[ií]\b|\bya\s+no\s+estar[eé]\s+viv[oa]\b|"
                         rf"\b(?:fecha|d[ií]a)\s+para\s+(?:hacerlo|matarme|{ES_SUI}arme|morir(?:me)?|quitarme\s+la\s+vida)\b"),
    (PREPARATIONS, False, r"\b(?:cartas?\s+de\s+despedida|cuando\s+(?:ya\s+)?no\s+est[eé]|cuando\s+me\s+(?:haya\s+ido|muera)|"
                          r"despu[eé]s\s+de\s+(?:mi\s+muerte|que\s+me\s+muera)|regal(?:ar|ando|o)\s+(?:todas\s+)?mis\s+cosas|"
                          r"mis\s+[uú]ltimas\s+voluntades|todo\s+(?:habr[aá]|va\s+a\s+haber)\s+(?:terminado|acabado)|"
                          r"ya\s+(?:tengo|eleg[ií]|decid[ií])\s+(?:la|una|el)\s+(?:fecha|d[ií]a))\b"),
    (SELF_HARM, True, r"\bme\s+(?:he\s+cortado|cort[eé]|corto|volv[ií]\s+a\s+cortar)\s+(?:otra\s+vez|de\s+nuevo)\b"),
    (SELF_HARM, True, r"\b(?:me\s+(?:corto|cort[eé]|cortaba|he\s+cortado|estoy\s+cortando|vuelvo\s+a\s+cortar|volv[ií]\s+a\s+cortar)|cortarme|"
                      r"cort[aá]ndome)\s+(?:(?:los|las|mis|el|la|un|una)\s+)?(?:brazos?|piernas?|mu[ñn]ecas?|venas|muslos?|abdomen|panza|"
                      r"barriga|est[oó]mago|piel|antebrazos?)\b"),
    (SELF_HARM, True, r"\b(?:me\s+autolesion\w*|autolesionarme|autolesion[aá]ndome|(?:ganas\s+de|quiero|necesito|necesidad\s+de|impulsos?\s+de)\s+"
                      r"(?:hacerme\s+da[ñn]o|lastimarme|cortarme|quemarme|autolesionarme|golpearme)|me\s+(?:hago|hice|he\s+hecho)\s+da[ñn]o\s+"
                      r"(?:a\s+m[ií]\s+mism[oa]|a\s+prop[oó]sito|adrede|cuando|para\s+(?:sentir|calmar|no))|(?:me\s+lastimo|lastimarme|"
                      r"me\s+golpeo|golpearme|me\s+pego|me\s+quemo|quemarme|me\s+rasgu[ñn]o|me\s+ara[ñn]o|rasgu[ñn]arme|ara[ñn]arme)\s+"
                      r"(?:a\s+m[ií]\s+mism[oa]|a\s+prop[oó]sito|adrede|hasta\s+sangrar|con\s+(?:cigarr\w+|un\s+encendedor|mechero))|"
                      r"(?:me\s+corto|cortarme|me\s+cort[eé])\s+con\s+(?:cuchillas?|navajas?|un\s+cutter|el\s+cutter|sacapuntas)|"
                      r"(?:ocultar|esconder|tapar|disimular)\s+(?:mis|los)\s+cortes|cicatrices\s+de\s+(?:autolesi\w+|cortarme|los\s+cortes)|"
                      r"(?:volv[ií]|he\s+vuelto|vuelvo)\s+a\s+(?:cortarme|autolesionarme|hacerme\s+da[ñn]o|lastimarme|quemarme)|"
                      rf"reca[ií](?:da)?\s+(?:y\s+me\s+cort[eé]|en\s+(?:la\s+)?autolesi\w+|en\s+los\s+cortes))\b{ES_NOT_HAIR}"),
    (SELF_HARM, False, rf"\b(?:autolesi\w+|cortarme|me\s+corto|me\s+cort[eé]|me\s+he\s+cortado|hacerme\s+da[ñn]o|mis\s+cortes|mis\s+cicatrices)\b{ES_NOT_HAIR}"),
    # ===================== French =====================
    (SOMEONE_ELSE, True, rf"\b(?:veut|voulait|voudrait|pense\s+[àa]|parle\s+de|parlait\s+de|a\s+essay[ée]\s+de|a\s+tent[ée]\s+de|"
                         rf"menace\s+de|a\s+menac[ée]\s+de|a\s+envie\s+de|essaie\s+de)\s+(?:se\s+{FR_SUI}er|se\s+tuer|se\s+pendre|"
                         rf"mettre\s+fin\s+[àa]\s+ses\s+jours|en\s+finir{FR_NOT_WITH}|mourir{FR_NOT_FIG}|se\s+foutre\s+en\s+l'?air|"
                         rf"se\s+jeter\s+(?:d'un|du|de\s+la|par|sous)|passer\s+[àa]\s+l'?acte|dispara[iî]tre\s+pour\s+toujours|"
                         rf"se\s+faire\s+du\s+mal|s'?[ôo]ter\s+la\s+vie)\b"),
    (SOMEONE_ELSE, True, rf"\b(?:dit|a\s+dit|me\s+dit|m'?a\s+dit|disait|[ée]crit|a\s+[ée]crit|r[ée]p[èe]te)\s+qu'?\s?(?:il|elle|iel)\s+"
                         rf"(?:veut|voudrait|va|a\s+envie\s+de)\s+(?:mourir|se\s+{FR_SUI}er|se\s+tuer|en\s+finir|dispara[iî]tre|plus\s+vivre)\b|"
                         rf"\b(?:il|elle)\s+(?:ne\s+)?veut\s+plus\s+vivre\b|\b(?:il|elle)\s+a\s+(?:envie|le\s+go[uû]t)\s+de\s+mourir\b"),
    (SOMEONE_ELSE, True, rf"\b(?:se\s+scarifie|se\s+mutile|s'?automutile|se\s+fait\s+du\s+mal|se\s+coupe\s+(?:les\s+)?(?:bras|poignets|cuisses|"
                         rf"jambes|veines)|se\s+br[uû]le\s+(?:expr[èe]s|avec\s+des\s+cigarettes|volontairement))\b|"
                         rf"\b{FR_REL}\s+(?:est|semble|para[iî]t|a\s+l'air)\s+(?:tr[èe]s\s+)?{FR_SUI}aire\b|"
                         rf"\b{FR_REL}\s+a\s+fait\s+une\s+(?:ts|tentative\s+de\s+{FR_SUI}e)\b|"
                         rf"\b{FR_REL}\s+a\s+des\s+(?:id[ée]es|pens[ée]es)\s+(?:{FR_SUI}aires|noires)\b"),
    (THOUGHTS, True, rf"\b(?:me\s+{FR_SUI}er|je\s+me\s+{FR_SUI}e|{FR_INTENT}\s+(?:me\s+tuer|me\s+pendre|me\s+flinguer|me\s+buter|"
                     rf"me\s+foutre\s+en\s+l'?air|me\s+supprimer|m'?[ôo]ter\s+la\s+vie|me\s+donner\s+la\s+mort|passer\s+[àa]\s+l'?acte|"
                     rf"mettre\s+fin\s+[àa]\s+(?:mes\s+jours|ma\s+vie)|en\s+finir{FR_NOT_WITH})|je\s+vais\s+me\s+(?:tuer|pendre|flinguer)|"
                     rf"mettre\s+fin\s+[àa]\s+(?:mes\s+jours|ma\s+vie)|me\s+foutre\s+en\s+l'?air|m'?[ôo]ter\s+la\s+vie|"
                     rf"(?:envie|besoin|d[ée]cid[ée]e?|go[uû]t)\s+d'?\s?en\s+finir{FR_NOT_WITH})\b"),
    (THOUGHTS, True, rf"\b(?:vouloir|envie\s+de|penser\s+[àa]|pens[ée]es\s+de|l'?id[ée]e\s+de)\s+se\s+{FR_SUI}er\b|"
                     rf"\b(?:j'?ai|jai|j\s+ai)\s+(?:d[ée]j[àa]\s+)?fait\s+(?:une|des|deux|trois|plusieurs)\s+(?:ts|tentatives?\s+de\s+{FR_SUI}e)\b|"
                     rf"\b(?:je\s+suis|j'?suis|chui|je\s+me\s+sens|me\s+sentir)\s+(?:tr[èe]s\s+|vraiment\s+|un\s+peu\s+|encore\s+)?{FR_SUI}aire\b|"
                     rf"\b(?:j'?ai|jai|j\s+ai|avoir)\s+des\s+(?:id[ée]es|pens[ée]es)\s+{FR_SUI}aires\b|"
                     rf"\b(?:j'?ai|jai)\s+(?:failli|presque)\s+(?:me\s+{FR_SUI}er|passer\s+[àa]\s+l'?acte|sauter)\b"),
    (THOUGHTS, False, rf"\b(?:{FR_SUI}aires?|se\s+{FR_SUI}er|en\s+finir|tentative\s+de\s+{FR_SUI}e|id[ée]es\s+noires|je\s+vais\s+le\s+faire|"
                      rf"(?:j'?ai|jai)\s+failli\s+le\s+faire|passer\s+[àa]\s+l'?acte|me\s+tuer|dispara[iî]tre)\b"),
    (PASSIVE, True, rf"\b(?:envie|go[uû]t|besoin)\s+de\s+mourir\b{FR_NOT_FIG}|\b(?:veux|voudrais|aimerais|souhaite|pr[ée]f[ée]rerais)\s+"
                    rf"(?:juste\s+|seulement\s+)?(?:mourir|[êe]tre\s+morte?|dispara[iî]tre\s+(?:pour\s+toujours|[àa]\s+jamais|"
                    rf"d[ée]finitivement)|ne\s+plus\s+(?:exister|vivre|me\s+r[ée]veiller)|ne\s+jamais\s+me\s+r[ée]veiller|"
                    rf"m'?endormir\s+(?:pour\s+toujours|et\s+ne\s+(?:plus|jamais|pas)))\b{FR_NOT_FIG}"),
    (PASSIVE, True, r"\b(?:(?:ne\s+)?veux\s+plus\s+(?:vivre|exister|me\s+r[ée]veiller|[êe]tre\s+l[àa]|continuer\s+[àa]\s+vivre)|"
                    r"(?:plus|pu|pas)\s+(?:envie|le\s+go[uû]t|la\s+force)\s+de\s+vivre|ne\s+(?:plus|jamais)\s+(?:me|se)\s+r[ée]veiller|"
                    r"(?:fatigu[ée]e?|marre|las|lasse|[ée]puis[ée]e?)\s+de\s+vivre|(?:aucune|plus\s+de|pas\s+de|plus\s+aucune)\s+raisons?\s+de\s+vivre|"
                    r"[àa]\s+quoi\s+bon\s+(?:vivre|continuer\s+[àa]\s+vivre)|mieux\s+sans\s+moi|(?:je\s+suis|suis)\s+un\s+(?:fardeau|poids)\s+pour|"
                    r"dispara[iî]tre\s+(?:pour\s+toujours|[àa]\s+jamais)|(?:la|ma)\s+vie\s+ne\s+vaut\s+(?:plus\s+)?(?:pas\s+)?la\s+peine)\b"
                    r"(?!\s+(?:ici|avec|en|[àa]|chez|dans|seule?|l[àa]-?bas))"),
    (PASSIVE, True, r"\b(?:j'?aurais|jaurais)\s+(?:(?:pas|jamais|pr[ée]f[ée]r[ée]|voulu|aim[ée]|d[uû])\s+){1,3}(?:ne\s+)?(?:(?:pas|jamais)\s+)?"
                    r"(?:na[iî]tre|[êe]tre\s+n[ée]e?)\b|\bregrette\s+d'?\s?[êe]tre\s+n[ée]e?\b"),
    (PASSIVE, False, r"\b(?:je\s+suis\s+un\s+poids|ma\s+vie\s+n'?\s?a\s+(?:aucun|pas\s+de|plus\s+de)\s+sens|je\s+(?:n'?\s?en\s+)?peux\s+plus\s+de\s+vivre)\b"),
    (MEANS, True, r"\b(?:me\s+jeter|je\s+me\s+jette|me\s+lancer|je\s+vais\s+sauter|me\s+balancer)\s+(?:d'un|d'une|du|de\s+la|de\s+l'|des|"
                  r"depuis\s+(?:un|une|le|la|l')|par\s+la|sous\s+(?:un|une|le|la|les)|devant\s+(?:un|une|le|la))\s*(?:pont|fen[êe]tre|toit|"
                  r"balcon|immeuble|falaise|tour|train|m[ée]tro|rer|tram|voiture|camion|rails|voie)\b"),
    (MEANS, True, rf"\b(?:me\s+pendre|je\s+me\s+pends|corde\s+pour\s+(?:me|se)\s+pendre|comment\s+se\s+pendre|me\s+tirer\s+une\s+balle|"
                  rf"me\s+mettre\s+une\s+balle|comment\s+(?:se|me)\s+{FR_SUI}er|comment\s+me\s+tuer|comment\s+(?:mourir|se\s+tuer)\s+"
                  rf"sans\s+(?:douleur|souffrir)|(?:moyens?|fa[çc]ons?|mani[èe]res?|m[ée]thodes?)\s+(?:la\s+|le\s+|les\s+)?(?:plus\s+)?"
                  rf"(?:rapides?|simples?|faciles?|sans\s+douleur|indolores?|douces?|s[ûu]res?|efficaces?)\s+(?:de|pour)\s+(?:mourir|"
                  rf"me\s+tuer|en\s+finir|me\s+{FR_SUI}er|se\s+{FR_SUI}er|se\s+tuer))\b"),
    (MEANS, True, rf"\b(?:m[ée]dicaments?|m[ée]docs?|cachets?|pilules?|comprim[ée]s?)\s+(?:\w+\s+){{0,2}}?pour\s+(?:mourir|me\s+tuer|"
                  rf"en\s+finir|me\s+{FR_SUI}er|ne\s+plus\s+me\s+r[ée]veiller|dormir\s+pour\s+toujours)\b|"
                  rf"\bcombien\s+de\s+(?:\w+\s+){{0,3}}?(?:m[ée]dicaments?|m[ée]docs?|cachets?|pilules?|comprim[ée]s?|doliprane|"
                  rf"parac[ée]tamol|grammes?)\b.{{0,50}}?\b(?:mourir|mortel(?:le)?|l[ée]tale?|tuer|overdose|surdose|en\s+finir|"
                  rf"ne\s+plus\s+me\s+r[ée]veiller)\b|\bdose\s+(?:mortelle|l[ée]tale)\b|\b(?:overdose|surdose)\s+(?:volontaire|"
                  rf"expr[èe]s|intentionnelle)\b|\b(?:avaler|aval[ée]|prendre|pris)\s+tou(?:te)?s?\s+(?:mes|les)\s+(?:m[ée]dicaments|"
                  rf"m[ée]docs|cachets|pilules|comprim[ée]s)\s+(?:d'un\s+(?:seul\s+)?coup|en\s+m[êe]me\s+temps|[àa]\s+la\s+fois)\b"),
    (MEANS, False, rf"\b(?:sauter\s+(?:d'un|du|de\s+la|par\s+la)\s+(?:pont|toit|fen[êe]tre|balcon|immeuble)|se\s+jeter\s+sous\s+un\s+(?:train|m[ée]tro)|"
                   rf"m[ée]dicaments?\s+qui\s+tuent|m[ée]thodes?\s+de\s+{FR_SUI}e|pour\s+mourir|n(?:oe|œ)ud\s+coulant)\b"),
    (PREPARATIONS, True, r"\blettres?\s+d'?\s?adieux?\b|\b(?:dire|dis|faire\s+mes)\s+adieux?\s+(?:[àa]\s+(?:tout\s+le\s+monde|tous|ma\s+famille|"
                         r"mes\s+\w+)\s+)?(?:pour\s+toujours|d[ée]finitivement|une\s+derni[èe]re\s+fois)\b|\btout\s+sera\s+(?:fini|termin[ée])\s+pour\s+moi\b|"
                         r"\b(?:donn\w+|offr\w+|distribu\w+)\s+(?:toutes?\s+)?(?:mes|toutes\s+mes)\s+(?:affaires|choses|objets|v[êe]tements|biens)\b"
                         r".{0,60}?\ben\s+aurai\s+(?:plus|jamais\s+plus)\s+besoin\b"),
    (PREPARATIONS, False, r"\b(?:quand\s+je\s+(?:ne\s+)?serai\s+plus\s+l[àa]|apr[èe]s\s+ma\s+mort|mes\s+derni[èe]res\s+volont[ée]s|"
                          r"donner\s+(?:toutes\s+)?mes\s+affaires|(?:j'?ai|jai)\s+choisi\s+(?:la|une)\s+date|tout\s+sera\s+(?:fini|termin[ée])|"
                          r"mot\s+d'?\s?adieu|dire\s+adieu)\b"),
    (SELF_HARM, True, r"\b(?:je\s+me\s+(?:fais\s+du\s+mal|scarifie|mutile|suis\s+scarifi[ée]e?|suis\s+mutil[ée]e?)|me\s+scarifier|me\s+mutiler|"
                      r"(?:envie|besoin|arr[êe]ter|recommenc[ée]\s+[àa]|continue\s+[àa]|pulsions?)\s+(?:de\s+|d')?(?:me\s+faire\s+du\s+mal|"
                      r"me\s+couper|me\s+scarifier|me\s+br[uû]ler|me\s+griffer|me\s+frapper|me\s+mutiler)|(?:je\s+me\s+coupe|me\s+couper|"
                      r"je\s+me\s+suis\s+coup[ée]e?)\s+(?:les\s+|le\s+|la\s+|mes\s+)?(?:bras|avant-bras|poignets?|cuisses?|jambes?|veines|ventre|"
                      r"peau|hanches?)|(?:je\s+me\s+coupe|me\s+couper|je\s+me\s+suis\s+coup[ée]e?|je\s+me\s+br[uû]le|me\s+br[uû]ler|"
                      r"je\s+me\s+griffe|me\s+griffer|je\s+me\s+frappe|me\s+frapper|je\s+me\s+tape)\s+(?:expr[èe]s|volontairement|"
                      r"avec\s+(?:une\s+|des\s+|un\s+)?(?:lames?|cutter|rasoirs?|cigarettes?|briquet)|jusqu'?\s?au\s+sang|"
                      r"la\s+t[êe]te\s+contre\s+les\s+murs)|(?:cacher|camoufler|dissimuler)\s+(?:mes\s+)?(?:scarifications|coupures|"
                      r"cicatrices\s+de\s+scarification)|rechut[ée]?\s+(?:dans\s+(?:la\s+)?)?(?:scarification|automutilation)|"
                      r"recommenc[ée]\s+[àa]\s+me\s+(?:scarifier|couper|mutiler))\b"
                      r"(?!\s+(?:les|la|mes|ma)\s+(?:cheveux|frange|ongles|barbe|m[èe]che))"),
    (SELF_HARM, False, r"\b(?:scarifi\w*|automutil\w*|auto-mutil\w*|me\s+faire\s+du\s+mal|mes\s+cicatrices|mes\s+coupures|me\s+couper)\b"
                       r"(?!\s+(?:les|la|mes|ma)\s+(?:cheveux|frange|ongles|barbe|m[èe]che))"),
    # ===================== Portuguese (Brazil and Portugal) =====================
    (SOMEONE_ELSE, True, rf"\b(?:quer|queria|vai|ia|tentou|tentava|pensa\s+em|fala\s+em|fala\s+de|falando\s+em|amea[çc]a|amea[çc]ou|"
                         rf"amea[çc]ando|planeja|planejando|est[áa]\s+pensando\s+em)\s+(?:se\s+(?:matar|{PT_SUI}ar|enforcar|jogar\s+(?:da|de|do|na))|"
                         rf"matar-se|{PT_SUI}ar-se|tirar\s+a\s+(?:pr[oó]pria\s+)?vida|acabar\s+com\s+a\s+(?:pr[oó]pria\s+)?vida|"
                         rf"morrer{PT_NOT_FIG}|cometer\s+{PT_SUI}io)\b{PT_NOT_WORK}"),
    (SOMEONE_ELSE, True, rf"\b(?:disse|diz|falou|fala|escreveu|contou|me\s+disse|me\s+contou)\s+que\s+(?:(?:ele|ela)\s+)?(?:quer|queria|vai|ia)\s+"
                         rf"(?:morrer|se\s+matar|{PT_SUI}ar|sumir\s+para\s+sempre|sumir\s+pra\s+sempre)\b|"
                         rf"\b(?:ele|ela)\s+n[ãa]o\s+quer\s+mais\s+viver\b|\bacabar\s+com\s+a\s+(?:pr[óo]pria\s+)?vida\s+(?:dela|dele)\b|\b(?:tentou|tentativa\s+de)\s+{PT_SUI}io\b|"
                         rf"\b(?:meu|minha|meus|minhas|nosso|nossa|o\s+meu|a\s+minha)\s+(?:\w+\s+)?{PT_REL}\s+(?:est[áa]|[ée]|anda|parece)\s+"
                         rf"(?:muito\s+)?{PT_SUI}a\b|\b{PT_REL}\s+tem\s+(?:pensamentos|ideias|idea[çc][ãa]o)\s+{PT_SUI}as?\b"),
    (SOMEONE_ELSE, True, rf"\b(?:se\s+corta|est[áa]\s+se\s+cortando|anda\s+se\s+cortando|se\s+cortou|se\s+automutila|est[áa]\s+se\s+automutilando|"
                         rf"se\s+machuca\s+de\s+prop[óo]sito|se\s+mutila|est[áa]\s+se\s+machucando\s+de\s+prop[óo]sito)\b{PT_NOT_HAIR}"),
    (THOUGHTS, True, rf"\b(?:{PT_INTENT}\s+(?:me\s+matar|matar-?\s?me|me\s+enforcar|enforcar-?\s?me|tirar\s+(?:a\s+)?(?:minha\s+)?(?:pr[óo]pria\s+)?vida)|"
                     rf"vou-me\s+matar|me\s+{PT_SUI}ar|{PT_SUI}ar-?\s?me|tirar\s+(?:a\s+)?minha\s+(?:pr[óo]pria\s+)?vida|dar\s+cabo\s+da\s+(?:minha\s+)?vida|"
                     rf"acabar\s+com\s+(?:a\s+)?minha\s+(?:pr[óo]pria\s+)?vida|p[ôo]r\s+fim\s+[àa]\s+minha\s+vida)\b{PT_NOT_WORK}"),
    (THOUGHTS, True, rf"\b(?:querer|vontade\s+de|pensar\s+em|pensando\s+em|penso\s+em|pensamentos\s+de|ideia\s+de)\s+"
                     rf"(?:se\s+matar|se\s+{PT_SUI}ar|{PT_SUI}ar|tirar\s+a\s+pr[óo]pria\s+vida)\b|"
                     rf"\b(?:quero|queria|vou|preciso|tentei|tentar|j[áa]\s+tentei)\s+(?:acabar\s+com\s+tudo|sumir\s+(?:pra|para)\s+sempre\s+e\s+morrer)\b"
                     rf"(?!\s+(?:o|a|os|as|isso|isto|de|da|do|que))|"
                     rf"\b(?:tentei|tentativa\s+de|j[áa]\s+tentei|fiz\s+uma\s+tentativa\s+de)\s+{PT_SUI}(?:io|ar)\b|"
                     rf"\b(?:sou|estou|t[ôo]|me\s+sinto|ando)\s+(?:muito\s+|meio\s+|bem\s+)?{PT_SUI}a\b|"
                     rf"\b(?:tenho|tive|ando\s+tendo|estou\s+tendo|t[ôo]\s+tendo)\s+(?:pensamentos|ideias|idea[çc][ãa]o)\s+{PT_SUI}as?\b|"
                     rf"\bquase\s+me\s+(?:matei|{PT_SUI}ei)\s+(?:ontem|hoje|esta\s+noite|essa\s+noite)\b"),
    (THOUGHTS, False, rf"\b(?:{PT_SUI}io|{PT_SUI}a|{PT_SUI}as|{PT_SUI}ar|se\s+matar|acabar\s+com\s+tudo|quase\s+fiz\s+isso|"
                      rf"quase\s+me\s+matei|tentativa\s+de\s+{PT_SUI}io)\b"),
    (PASSIVE, True, rf"\b(?:quero|queria|s[óo]\s+quero|vontade\s+de|gostaria\s+de|desejo)\s+(?:morrer|estar\s+mort[oa]|deixar\s+de\s+existir|"
                    rf"n[ãa]o\s+existir|n[ãa]o\s+acordar\s+mais|dormir\s+para\s+sempre|dormir\s+pra\s+sempre|sumir\s+(?:pra|para)\s+sempre|"
                    rf"desaparecer\s+(?:pra|para)\s+sempre)\b{PT_NOT_FIG}"),
    (PASSIVE, True, r"\bn[ãa]o\s+(?:quero|aguento)\s+mais\s+(?:viver|acordar|existir|estar\s+viv[oa])\b(?!\s+(?:em|com|aqui|assim|sozinh))|"
                    r"\bn[ãa]o\s+quero\s+(?:viver|acordar|existir|continuar\s+vivendo|continuar\s+viv[oa])\b(?!\s+(?:em|com|aqui|assim|sozinh|de\s+aluguel))|"
                    r"\b(?:cansad[oa]|exaust[oa]|farto|farta)\s+de\s+(?:viver|existir|estar\s+viv[oa])\b(?!\s+(?:em|com|aqui|assim|sozinh))|"
                    r"\bsem\s+vontade\s+de\s+viver\b|\b(?:sem|nenhum|nenhuma|n[ãa]o\s+tenho)\s+(?:motivos?|raz[ãa]o|raz[õo]es)\s+(?:pra|para)\s+"
                    r"(?:viver|continuar\s+vivendo|continuar\s+viv[oa])\b|\bn[ãa]o\s+vejo\s+(?:mais\s+)?sentido\s+(?:em|na)\s+(?:viver|vida|minha\s+vida)\b|"
                    r"\b(?:seria|seriam|ficariam|ficaria|estariam|estaria|est[ãa]o)\s+melhor(?:es)?\s+sem\s+mim\b|\bmelhor\s+sem\s+mim\b|"
                    r"\b(?:sou|ser)\s+(?:um\s+peso|um\s+fardo|uma\s+carga)\s+(?:pra|para)\b|\bdormir\s+e\s+(?:n[ãa]o|nunca\s+mais)\s+acordar\b|"
                    r"\b(?:queria|preferia|gostaria\s+de)\s+(?:nunca\s+ter|n[ãa]o\s+ter)\s+nascido\b|\bn[ãa]o\s+devia\s+ter\s+nascido\b|"
                    r"\bpra\s+qu[eê]\s+(?:continuar\s+)?viver\b|\bsumir\s+(?:pra|para)\s+sempre\b"),
    (PASSIVE, False, r"\b(?:quero|queria)\s+(?:desaparecer|sumir)\b|\bminha\s+vida\s+n[ãa]o\s+tem\s+sentido\b|\bn[ãa]o\s+aguento\s+mais\b"),
    (MEANS, True, r"\b(?:me\s+jogar|jogar-me|me\s+atirar|atirar-me|pular|me\s+lan[çc]ar)\s+(?:d[aeo]|de\s+uma?|de\s+cima\s+d[aeo]|na\s+frente\s+d[aeo]|"
                  r"debaixo\s+d[aeo]|em\s+frente\s+(?:a|ao|d[aeo])|sob|n[ao])\s+(?:um\s+|uma\s+)?(?:ponte|pr[ée]dio|janela|varanda|sacada|"
                  r"telhado|viaduto|penhasco|trem|comboio|metr[ôo]|carro|caminh[ãa]o|[ôo]nibus|trilhos?|linha\s+do\s+trem)\b"),
    (MEANS, True, rf"\b(?:me\s+enforcar|enforcar-me|corda\s+(?:pra|para)\s+(?:me\s+|se\s+)?enforcar|como\s+(?:se\s+|me\s+)?enforcar|"
                  rf"como\s+(?:me\s+matar|se\s+matar|me\s+{PT_SUI}ar|se\s+{PT_SUI}ar|morrer\s+sem\s+(?:dor|sofrer))|"
                  rf"(?:jeito|forma|maneira|modo|m[ée]todo)\s+(?:mais\s+)?(?:r[aá]pid[oa]|f[aá]cil|indolor|sem\s+dor|eficaz|seguro)\s+"
                  rf"(?:de|pra|para)\s+(?:morrer|me\s+matar|se\s+matar|{PT_SUI}ar|me\s+{PT_SUI}ar))\b"),
    (MEANS, True, rf"\b(?:rem[ée]dios?|comprimidos?|p[íi]lulas?|medicamentos?)\s+(?:\w+\s+){{0,2}}?(?:pra|para)\s+(?:morrer|me\s+matar|"
                  rf"n[ãa]o\s+acordar|{PT_SUI}ar|me\s+{PT_SUI}ar|acabar\s+com\s+tudo)\b|\bquant[oa]s\s+(?:\w+\s+){{0,3}}?(?:rem[ée]dios?|"
                  rf"comprimidos?|p[íi]lulas?|miligramas|mg|gramas|cartelas?)\b.{{0,50}}?\b(?:morrer|matar|letal|letais|fatal|fatais|"
                  rf"overdose|n[ãa]o\s+acordar)\b|\b(?:dose|quantidade)\s+(?:letal|fatal|mortal)\b|\boverdose\s+(?:de\s+prop[óo]sito|"
                  rf"proposital|intencional|pra\s+morrer|para\s+morrer)\b|\b(?:tomar|tomei|engolir|engoli|vou\s+tomar)\s+todos\s+os\s+"
                  rf"(?:meus\s+)?(?:rem[ée]dios|comprimidos|medicamentos)\s+de\s+uma\s+vez\b|\btomar\s+(?:uma\s+)?cartela\s+inteira\b"),
    (MEANS, False, r"\b(?:pular\s+d[aeo]\s+(?:ponte|pr[ée]dio|janela|viaduto)|overdose|pra\s+morrer|para\s+morrer|se\s+enforcar|"
                   r"se\s+jogar\s+d[aeo])\b"),
    (PREPARATIONS, True, rf"\b(?:cartas?|bilhetes?|notas?)\s+(?:de\s+)?(?:despedida|{PT_SUI}a)\s+(?:(?:pra|para)\s+(?:minha\s+fam[íi]lia|"
                         rf"meus\s+pais|todos)|antes\s+de\s+(?:morrer|me\s+matar))\b|\b(?:carta|nota|bilhete)\s+{PT_SUI}a\b|"
                         rf"\b(?:me\s+despedir|despedir-me|me\s+despedindo|estou\s+me\s+despedindo)\s+(?:de\s+(?:todos|todo\s+mundo|"
                         rf"voc[êe]s|minha\s+fam[íi]lia)\s+)?(?:pra|para)\s+sempre\b|\b(?:dando|doando|dei|doei|distribuindo)\s+"
                         rf"(?:todas\s+)?(?:as\s+)?minhas\s+coisas\b.{{0,60}}?\bn[ãa]o\s+(?:vou\s+mais\s+precisar|vou\s+precisar\s+mais|"
                         rf"precisarei\s+mais)\b|\btudo\s+vai\s+(?:acabar|estar\s+acabado|terminar)\s+(?:pra|para)\s+mim\b"),
    (PREPARATIONS, False, r"\b(?:carta\s+de\s+despedida|quando\s+eu\s+(?:n[ãa]o\s+estiver\s+mais\s+aqui|me\s+for|morrer)|depois\s+que\s+eu\s+morrer|"
                          r"doar\s+(?:todas\s+)?minhas\s+coisas|j[áa]\s+(?:escolhi|marquei)\s+(?:a|uma|o)\s+(?:data|dia)|tudo\s+vai\s+acabar)\b"),
    (SELF_HARM, True, r"\b(?:me\s+cortar|me\s+corto|me\s+cortei|me\s+cortando|cortar-me)\s+(?:(?:o|os|a|as|meu|meus|minha|minhas|no|na|nos|nas)\s+)?"
                      r"(?:bra[çc]os?|pulsos?|pernas?|coxas?|barriga|pele|antebra[çc]os?)\b|\b(?:me\s+cortar|me\s+corto|me\s+cortei|"
                      r"me\s+cortando|me\s+machucar|me\s+machuco|me\s+machuquei|me\s+queimar|me\s+queimo|me\s+arranhar|me\s+arranho|me\s+bater|"
                      r"me\s+bato)\s+(?:de\s+prop[óo]sito|com\s+(?:gilete|l[âa]mina|estilete|cigarro|isqueiro)|at[ée]\s+sangrar|"
                      r"pra\s+(?:aliviar|sentir)|para\s+(?:aliviar|sentir))\b|\b(?:vontade\s+de|quero|preciso)\s+(?:me\s+cortar|me\s+machucar|"
                      r"me\s+automutilar|me\s+ferir|me\s+queimar)\b(?!\s+(?:o|os|a|as|meu|meus|minha|minhas)\s+(?:cabelos?|unhas|barba|franja|pontas))|\b(?:me\s+automutilo|me\s+automutilar|me\s+automutilei|me\s+automutilando|"
                      r"me\s+autolesiono)\b|\b(?:esconder|disfar[çc]ar|tampar|cobrir)\s+(?:os\s+|meus\s+)?(?:cortes|cicatrizes\s+(?:dos\s+cortes|"
                      r"de\s+automutila[çc][ãa]o))\b|\b(?:voltei\s+a|recomecei\s+a|reca[íi]\s+e)\s+(?:me\s+cortar|me\s+cortei|me\s+machucar|"
                      r"me\s+automutilar)\b|\breca[íi]da\s+(?:na|da)\s+automutila[çc][ãa]o\b"),
    (SELF_HARM, False, rf"\b(?:automutila[çc][ãa]o|automutil\w*|autoles[ãa]o|autolesivo|me\s+cortar|me\s+corto|me\s+machucar|meus\s+cortes|"
                       rf"minhas\s+cicatrizes)\b{PT_NOT_HAIR}"),
    # ===================== German =====================
    (SOMEONE_ELSE, True, rf"\b(?:er|sie|{DE_REL_NOM})\s+(?:will|möchte|moechte|wollte|hat\s+versucht|versucht|plant|denkt\s+daran|droht|"
                         rf"drohte|hat\s+gedroht|redet\s+davon|spricht\s+davon|sagt|sagte|schreibt)\s+(?:dass\s+(?:er|sie)\s+)?,?\s*"
                         rf"(?:sich\s+(?:das\s+leben\s+(?:zu\s+)?nehmen|umbringen|umzubringen|zu\s+töten|zu\s+toeten|töten|etwas\s+anzutun|"
                         rf"was\s+anzutun|aufzuhängen|umbringen\s+will)|sterben|nicht\s+mehr\s+leben|tot\s+sein|mit\s+suizid|mit\s+selbstmord|"
                         rf"nicht\s+mehr\s+leben\s+will|sterben\s+will)\b"),
    (SOMEONE_ELSE, True, rf"\b(?:ritzt\s+sich|verletzt\s+sich\s+selbst|verletzt\s+sich\s+absichtlich|schneidet\s+sich\s+(?:die\s+)?(?:arme|handgelenke|"
                         rf"beine|oberschenkel)|hat\s+sich\s+geritzt|hat\s+sich\s+selbst\s+verletzt|verbrennt\s+sich\s+absichtlich)\b|"
                         rf"\b(?:er|sie|{DE_REL_NOM})\s+(?:ist|wirkt|scheint)\s+(?:sehr\s+|akut\s+)?suizidal\b|"
                         rf"\b(?:er|sie|{DE_REL_NOM})\s+hat\s+(?:suizidgedanken|selbstmordgedanken|einen\s+suizidversuch|einen\s+selbstmordversuch)\b"),
    (SOMEONE_ELSE, True, r"\bsich\s+(?:das\s+leben\s+nehmen|umbringen|etwas\s+antun)\b"),
    (THOUGHTS, True, rf"\b(?:{DE_INTENT})\s+(?:,\s*)?(?:mich\s+(?:umbringen|umzubringen|zu\s+töten|zu\s+toeten|töten|toeten|erhängen|"
                     rf"aufhängen|aufzuhängen|zu\s+erhängen)|mir\s+das\s+leben\s+(?:zu\s+)?nehmen|suizid\s+(?:zu\s+)?begehen|"
                     rf"selbstmord\s+(?:zu\s+)?begehen|meinem\s+leben\s+ein\s+ende\s+(?:zu\s+)?(?:setzen|machen|bereiten))\b"),
    (THOUGHTS, True, r"\b(?:ich\s+(?:bring|bringe)\s+mich\s+(?:\w+\s+)?um|mir\s+das\s+leben\s+(?:zu\s+)?nehmen|mich\s+umzubringen\s+(?:will|möchte)|"
                     r"meinem\s+leben\s+ein\s+ende\s+(?:zu\s+)?(?:setzen|machen|bereiten)|schluss\s+machen\s+mit\s+(?:dem|meinem)\s+leben|"
                     r"mit\s+(?:allem|dem\s+leben|meinem\s+leben)\s+schluss\s+(?:zu\s+)?machen|ich\s+(?:bin|fühle\s+mich|fuehle\s+mich|"
                     r"fuhle\s+mich)\s+(?:so\s+|sehr\s+|total\s+|echt\s+)?(?:suizidal|lebensmüde|lebensmuede|lebensmude)|"
                     r"ich\s+(?:habe|hab|hatte)\s+(?:oft\s+|wieder\s+|ständig\s+|staendig\s+)?(?:suizidgedanken|selbstmordgedanken|"
                     r"einen\s+suizidversuch|einen\s+selbstmordversuch)|mir\s+die\s+kugel\s+geben|ich\s+(?:hätte|haette|hatte)\s+es\s+fast\s+getan|"
                     r"fast\s+hätte\s+ich\s+(?:es\s+getan|mich)|ich\s+werde\s+es\s+(?:heute|morgen|bald)\s+tun)\b"),
    (THOUGHTS, False, r"\b(?:suizid\w*|selbstmord\w*|freitod|umbringen|lebensmüde|lebensmuede|lebensmude|mich\s+umbringen|"
                      r"schluss\s+machen|suizidversuch\w*)\b"),
    (PASSIVE, True, r"\b(?:ich\s+)?(?:will|möchte|moechte|mochte|würde\s+gerne|wuerde\s+gerne|wäre\s+gerne|waere\s+gerne)\s+(?:einfach\s+|nur\s+|lieber\s+)?"
                    r"(?:sterben|tot\s+sein|nicht\s+mehr\s+(?:leben|da\s+sein|aufwachen|existieren|sein)|für\s+immer\s+(?:verschwinden|schlafen)|"
                    r"fuer\s+immer\s+(?:verschwinden|schlafen)|einschlafen\s+und\s+nicht\s+mehr\s+aufwachen)\b"
                    r"(?!\s+(?:in|bei|mit|hier|so\s+wie))"),
    (PASSIVE, True, r"\b(?:nicht\s+mehr\s+leben\s+(?:will|möchte|moechte|wollen)|hoch\s+genug\b.{0,30}\b(?:sterben|tot\s+zu\s+sein)|sterben\s+(?:will|möchte|moechte)|nicht\s+mehr\s+aufwachen|"
                    r"wäre\s+(?:lieber\s+)?tot|waere\s+(?:lieber\s+)?tot|lieber\s+tot\s+(?:sein|wäre|waere)|am\s+liebsten\s+tot|"
                    r"ohne\s+mich\s+(?:alle\s+)?besser\s+dran|besser\s+dran\s+ohne\s+mich|(?:ich\s+bin|bin\s+nur)\s+(?:eine|nur\s+eine)\s+last\s+für|"
                    r"ich\s+bin\s+(?:nur\s+)?eine\s+last|(?:m[üu]de|muede|satt)\s+vom\s+leben|(?:lebens)?m[üu]de\s+zu\s+leben|"
                    r"keine\s+(?:kraft|lust)\s+mehr\s+(?:zu\s+leben|auf\s+(?:das\s+)?leben)|keinen\s+(?:sinn|grund)\s+mehr\s+(?:zu\s+leben|"
                    r"im\s+leben|weiterzuleben)|kein\s+grund\s+(?:mehr\s+)?(?:zu\s+leben|weiterzuleben)|wünschte\s+ich\s+wäre\s+(?:tot|nie\s+geboren)|"
                    r"wuenschte\s+ich\s+waere\s+(?:tot|nie\s+geboren)|(?:wäre|waere)\s+(?:ich\s+)?(?:doch\s+)?nie\s+geboren|"
                    r"hätte\s+nie\s+geboren\s+werden\s+sollen|für\s+immer\s+verschwinden|fuer\s+immer\s+verschwinden|bald\s+nicht\s+mehr\s+da)\b"),
    (PASSIVE, False, r"\b(?:verschwinden\s+will|will\s+verschwinden|ich\s+kann\s+nicht\s+mehr|hat\s+alles\s+keinen\s+sinn(?:\s+mehr)?)\b"),
    (MEANS, True, r"\b(?:(?:von|vom|aus|vor)\s+(?:der|einer|dem|einem|den|die|das)?\s*(?:brücke|bruecke|dach|hochhaus|fenster|balkon|"
                  r"klippe|turm|zug|u-bahn|s-bahn|bahn|lkw|auto|gleise)\s+(?:zu\s+)?(?:springen|werfen|stürzen|stuerzen|springe|werfe)|"
                  r"mich\s+vor\s+(?:den|einen|die)\s+(?:zug|u-bahn|s-bahn|lkw|bahn)\s+(?:zu\s+)?(?:werfen|legen|springen)|"
                  r"ich\s+(?:springe|spring)\s+(?:von|vom|aus|vor)\b|seil\s+zum\s+(?:erhängen|aufhängen)|strick\s+(?:nehmen|kaufen|knüpfen)|"
                  r"mich\s+(?:zu\s+)?(?:erhängen|erhaengen|aufzuhängen|aufhängen|aufhaengen)(?!\s+(?:an\s+der\s+)?(?:wäsche|bild))|"
                  r"(?:schnellste|einfachste|sicherste|schmerzlose|schmerzloseste|beste)\w*\s+(?:art|weise|methode|möglichkeit|moglichkeit|"
                  r"moeglichkeit|weg)\s+(?:zu\s+sterben|mich\s+umzubringen|suizid|sich\s+umzubringen)|schmerzlos\s+(?:sterben|gehen)|"
                  r"wie\s+(?:bringe|bring)\s+ich\s+mich\s+um)\b"),
    (MEANS, True, r"\b(?:tödliche|toedliche|todliche|letale)\s+(?:dosis|menge)\b|\bwie\s+viele\s+(?:\w+\s+){0,3}?(?:tabletten|pillen|schlaftabletten|"
                  r"medikamente|gramm|mg)\b.{0,50}?\b(?:sterben|tot|tödlich|toedlich|todlich|nicht\s+mehr\s+aufwachen)\b|"
                  r"\b(?:tabletten|pillen|medikamente|schlaftabletten)\s+(?:\w+\s+){0,2}?(?:um|zum)\s+(?:zu\s+)?(?:sterben|mich\s+umzubringen|"
                  r"nicht\s+mehr\s+aufzuwachen)\b|\balle\s+(?:meine\s+)?(?:tabletten|pillen|medikamente)\s+(?:auf\s+einmal|gleichzeitig)\b|"
                  r"\b(?:absichtliche?|bewusste?)\s+überdosis\b|\büberdosis\s+(?:nehmen|absichtlich)\b"),
    (MEANS, False, r"\b(?:tödlich\w*|toedlich\w*|überdosis|ueberdosis|von\s+der\s+brücke\s+springen|vor\s+den\s+zug|hoch\s+genug)\b"),
    (PREPARATIONS, True, r"\babschiedsbrief\w*\b|\b(?:mich\s+)?für\s+immer\s+(?:von\s+(?:allen|euch|meiner\s+familie)\s+)?verabschieden\b|"
                         r"\bverschenke\s+(?:meine\s+|alle\s+meine\s+)?(?:sachen|dinge|sachen)\b.{0,60}?\bbrauche?\s+(?:sie|die|das)\s+"
                         r"(?:eh|sowieso|ja|bald)?\s*nicht\s+mehr\b|\bbald\s+ist\s+alles\s+vorbei\s+für\s+mich\b"),
    (PREPARATIONS, False, r"\b(?:wenn\s+ich\s+nicht\s+mehr\s+da\s+bin|nach\s+meinem\s+tod|meine\s+sachen\s+verschenken|verschenke\s+meine\s+sachen|"
                          r"ist\s+alles\s+vorbei|datum\s+(?:steht|festgelegt)|abschied\s+nehmen)\b"),
    (SELF_HARM, True, r"\b(?:ich\s+ritze\s+mich|ritze\s+mich|mich\s+(?:zu\s+)?ritzen|(?:habe|hab)\s+mich\s+(?:wieder\s+)?geritzt|"
                      r"ich\s+verletze\s+mich\s+(?:selbst|absichtlich)|mich\s+selbst\s+(?:zu\s+)?verletzen|mir\s+selbst\s+weh\s*(?:zu\s+)?tun|"
                      r"mir\s+(?:etwas|was)\s+(?:an(?:zu)?tun)|(?:schneide|kratze|verbrenne|schlage)\s+mich\s+(?:selbst|absichtlich|"
                      r"bis\s+es\s+blutet|mit\s+(?:klingen|rasierklingen|zigaretten))|(?:schneide|ritze)\s+mir\s+(?:in\s+)?(?:die\s+)?"
                      r"(?:arme|handgelenke|beine|oberschenkel|haut)|narben\s+(?:verstecken|verdecken)|rückfall\s+(?:beim\s+|mit\s+dem\s+)?ritzen|"
                      r"wieder\s+angefangen\s+(?:mich\s+)?zu\s+ritzen|(?:drang|druck)\s+(?:mich\s+)?zu\s+ritzen)\b"),
    (SELF_HARM, False, r"\b(?:ritzen|geritzt|selbstverletz\w*|svv|narben\s+an\s+den\s+armen)\b"),
    # ===================== Italian =====================
    (SOMEONE_ELSE, True, rf"\b(?:vuole|voleva|vorrebbe|ha\s+provato\s+a|ha\s+tentato\s+di|tenta\s+di|minaccia\s+di|ha\s+minacciato\s+di|"
                         rf"parla\s+di|pensa\s+di|sta\s+pensando\s+di)\s+(?:uccidersi|suicidarsi|ammazzarsi|togliersi\s+la\s+vita|"
                         rf"farla\s+finita{IT_NOT_WITH}|morire{IT_NOT_FIG}|buttarsi|impiccarsi|farsi\s+del\s+male)\b|"
                         rf"\b(?:ha\s+tentato|ha\s+provato)\s+(?:il\s+)?suicidio\b|\b(?:dice|ha\s+detto|mi\s+ha\s+detto|scrive)\s+che\s+"
                         rf"(?:vuole|vorrebbe)\s+(?:morire|farla\s+finita|uccidersi|suicidarsi)\b|\b(?:si\s+taglia|si\s+sta\s+tagliando|"
                         rf"si\s+fa\s+del\s+male|si\s+autolesiona|si\s+ferisce\s+(?:da\s+sol[oa]|apposta))\b{IT_NOT_HAIR}|"
                         rf"\b{IT_REL}\s+(?:è|e|sembra)\s+(?:molto\s+)?suicida\b|\b{IT_REL}\s+ha\s+(?:pensieri|idee)\s+suicid[ei]\b"),
    (THOUGHTS, True, rf"\b(?:suicidarmi|uccidermi|togliermi\s+la\s+vita|impiccarmi|mi\s+(?:uccido|suicido|impicco)|mi\s+(?:voglio|vorrei|sto\s+per)\s+(?:uccidere|suicidare|impiccare|ammazzare)|"
                     rf"voglio\s+farla\s+finita|la\s+faccio\s+finita|farla\s+finita{IT_NOT_WITH}|{IT_INTENT}\s+(?:ammazzarmi|"
                     rf"farla\s+finita{IT_NOT_WITH}|uccidermi|togliermi\s+la\s+vita)|mi\s+(?:voglio\s+)?ammazzo\s+(?:stasera|oggi|domani|adesso|ora)|"
                     rf"(?:ho\s+tentato|ho\s+provato|tentato)\s+(?:il\s+)?suicidio|sono\s+(?:stat[oa]\s+)?suicida|"
                     rf"(?:ho|avere|avuto)\s+(?:dei\s+|spesso\s+)?(?:pensieri|idee|tendenze)\s+suicid[ei]|ci\s+sono\s+andat[oa]\s+vicin[oa]|"
                     rf"stavo\s+per\s+(?:farlo|uccidermi|suicidarmi|buttarmi))\b{IT_NOT_WORK}"),
    (THOUGHTS, True, r"\b(?:voler|pensare\s+di|pensieri\s+di|voglia\s+di)\s+(?:suicidarsi|uccidersi|togliersi\s+la\s+vita|ammazzarsi)\b"),
    (THOUGHTS, False, r"\b(?:suicid\w*|ammazzarmi|mi\s+ammazzo|farla\s+finita|sparire)\b"),
    (PASSIVE, True, rf"\b(?:voglio|vorrei|volevo|desidero|ho\s+voglia\s+di)\s+(?:solo\s+|soltanto\s+)?(?:morire|essere\s+mort[oa]|"
                    rf"non\s+svegliarmi\s+(?:più|piu)|non\s+esistere|sparire\s+per\s+sempre|dormire\s+per\s+sempre|"
                    rf"addormentarmi\s+e\s+non\s+svegliarmi)\b{IT_NOT_FIG}"),
    (PASSIVE, True, r"\b(?:non\s+voglio\s+(?:più\s+|piu\s+)?(?:vivere|svegliarmi|esistere)(?!\s+(?:in|con|qui|da\s+sol[oa]|cos[iì]))|"
                    r"stanc[oa]\s+di\s+vivere(?!\s+(?:in|con|qui|cos[iì]))|stuf[oa]\s+di\s+vivere(?!\s+(?:in|con|qui|cos[iì]))|"
                    r"(?:meglio|starebbero\s+meglio|stanno\s+meglio|staranno\s+meglio)\s+senza\s+di\s+me|sono\s+un\s+peso\s+per|"
                    r"(?:nessun|non\s+ho\s+(?:nessun\s+)?)\s*motiv[oi]\s+per\s+vivere|non\s+ha\s+(?:più\s+|piu\s+)?senso\s+vivere|"
                    r"vorrei\s+non\s+essere\s+mai\s+nat[oa]|non\s+sarei\s+(?:mai\s+)?dovut[oa]\s+nascere|avrei\s+preferito\s+non\s+nascere|"
                    r"sparire\s+per\s+sempre|non\s+svegliarmi\s+(?:più|piu|mai\s+più|mai\s+piu))\b"),
    (PASSIVE, False, r"\b(?:voglio|vorrei)\s+sparire\b|\bla\s+mia\s+vita\s+non\s+ha\s+senso\b"),
    (MEANS, True, r"\b(?:buttarmi|gettarmi|lanciarmi|mi\s+butto|mi\s+getto)\s+(?:da\s+(?:un|una)|dal|dalla|dall'|dai|sotto\s+(?:un|una|il|la)|"
                  r"giù\s+da|giu\s+da)\s*(?:ponte|finestra|balcone|tetto|palazzo|treno|metro|metropolitana|macchina|camion|scogliera|"
                  r"terrazzo|piano)\b|\b(?:impiccarmi|corda\s+per\s+impiccarmi|come\s+(?:impiccarsi|suicidarsi|uccidermi|suicidarmi|"
                  r"morire\s+senza\s+(?:dolore|soffrire))|modo\s+(?:più\s+|piu\s+)?(?:veloce|facile|rapido|indolore|sicuro)\s+per\s+"
                  r"(?:morire|uccidermi|suicidarmi|farla\s+finita))\b"),
    (MEANS, True, r"\b(?:pillole|pastiglie|farmaci|medicine|compresse)\s+(?:\w+\s+){0,2}?per\s+(?:morire|uccidermi|suicidarmi|"
                  r"non\s+svegliarmi|farla\s+finita)\b|\bquante\s+(?:\w+\s+){0,3}?(?:pillole|pastiglie|compresse|gocce)\b.{0,50}?"
                  r"\b(?:morire|letal[ei]|mortal[ei]|uccidere|overdose)\b|\bdose\s+(?:letale|mortale)\b|"
                  r"\boverdose\s+(?:apposta|volontaria|intenzionale)\b|\bprendere\s+tutte\s+le\s+(?:pillole|pastiglie|compresse)\s+insieme\b"),
    (MEANS, False, r"\b(?:buttarsi\s+(?:da|dal|sotto)|per\s+morire|overdose)\b"),
    (PREPARATIONS, True, r"\b(?:lettera|lettere|biglietto)\s+(?:d'?\s?|di\s+)addio\b|\b(?:dire\s+addio|salutare)\s+(?:a\s+tutti\s+)?per\s+sempre\b|"
                         r"\b(?:regalo|sto\s+regalando|ho\s+regalato)\s+(?:tutte\s+)?le\s+mie\s+cose\b.{0,60}?\bnon\s+mi\s+"
                         r"(?:serviranno|servirà|servira)\s+(?:più|piu)\b|\b(?:sarà|sara)\s+tutto\s+finito\s+per\s+me\b"),
    (PREPARATIONS, False, r"\b(?:quando\s+non\s+ci\s+sarò\s+più|quando\s+non\s+ci\s+saro\s+piu|dopo\s+la\s+mia\s+morte|regalare\s+le\s+mie\s+cose|"
                          r"(?:sarà|sara)\s+tutto\s+finito)\b"),
    (SELF_HARM, True, rf"\b(?:farmi\s+del\s+male|mi\s+faccio\s+del\s+male|mi\s+sono\s+fatt[oa]\s+del\s+male|mi\s+autolesiono|autolesionarmi|"
                      rf"(?:mi\s+taglio|tagliarmi|mi\s+sono\s+tagliat[oa])\s+(?:i\s+|le\s+|il\s+|la\s+)?(?:polsi|braccia|gambe|cosce|pancia|"
                      rf"pelle|polso|braccio)|(?:mi\s+taglio|tagliarmi|mi\s+brucio|bruciarmi|mi\s+graffio|graffiarmi|mi\s+picchio|"
                      rf"picchiarmi)\s+(?:apposta|di\s+proposito|con\s+(?:le\s+|una\s+|la\s+)?(?:lamette?|sigarett[ae]|accendino|"
                      rf"temperino)|fino\s+a\s+sanguinare|da\s+sol[oa])|(?:voglia|bisogno)\s+di\s+(?:tagliarmi|farmi\s+del\s+male|bruciarmi)|"
                      rf"nascondere\s+(?:i\s+(?:miei\s+)?tagli|le\s+cicatrici\s+dei\s+tagli)|(?:ho\s+ricominciato|ricominciato)\s+a\s+"
                      rf"(?:tagliarmi|farmi\s+del\s+male)|ricaduta\s+(?:nell'?\s?)?autolesionismo)\b{IT_NOT_HAIR}"),
    (SELF_HARM, False, rf"\b(?:autolesion\w*|tagliarmi|mi\s+taglio|i\s+miei\s+tagli|le\s+mie\s+cicatrici)\b{IT_NOT_HAIR}"),
    # ===================== Dutch =====================
    (SOMEONE_ELSE, True, rf"\b(?:hij|zij|ze|{NL_REL_NOM})\s+(?:wil|wilde|heeft\s+geprobeerd|probeerde|praat\s+over|praat\s+erover\s+om|"
                         rf"dreigt|dreigde|denkt\s+erover|zegt\s+dat\s+(?:hij|ze|zij))\s+(?:\w+\s+)?(?:dood|zelfmoord|suïcide|suicide|"
                         rf"zichzelf\s+(?:van\s+kant|te\s+doden|dood|iets\s+aan)|een\s+eind(?:e)?\s+aan\s+(?:zijn|haar)\s+leven|"
                         rf"er\s+een\s+eind(?:e)?\s+aan|niet\s+meer\s+(?:leven|wil\s+leven)|sterven|uit\s+het\s+leven)\b"),
    (SOMEONE_ELSE, True, r"\b(?:zichzelf\s+(?:van\s+kant\s+(?:te\s+)?maken|(?:te\s+)?doden|iets\s+aan\s+(?:te\s+)?doen|(?:te\s+)?snijden|pijn\s+(?:te\s+)?doen|"
                         r"(?:te\s+)?beschadigen|op\s+te\s+hangen)|krast\s+(?:zichzelf|zich)|snijdt\s+(?:in\s+)?zichzelf|doet\s+zichzelf\s+pijn|"
                         r"(?:is|lijkt)\s+suïcidaal|(?:is|lijkt)\s+suicidaal|heeft\s+(?:zelfmoordgedachten|suïcidale\s+gedachten|"
                         r"suicidale\s+gedachten|een\s+zelfmoordpoging\s+gedaan))\b"),
    (THOUGHTS, True, rf"\b(?:mezelf\s+(?:van\s+kant\s+(?:te\s+)?maken|(?:te\s+)?doden|om\s+(?:te\s+)?brengen|iets\s+aan\s+(?:te\s+)?doen|"
                     rf"op\s+(?:te\s+)?hangen|ophangen)|(?:ik|wil|ga|zal)\s+(?:\w+\s+)?zelfmoord\s+(?:plegen|doen)|ik\s+pleeg\s+zelfmoord|"
                     rf"(?:wil|ga|denk\s+erover|overweeg)\s+(?:\w+\s+)?(?:er|mijn\s+leven)\s+(?:\w+\s+)?(?:een\s+)?eind(?:e)?\s+aan\s+(?:te\s+)?maken|"
                     rf"(?:een\s+)?eind(?:e)?\s+(?:te\s+)?maken\s+aan\s+mijn\s+leven|mijn\s+leven\s+(?:te\s+)?(?:beëindigen|beeindigen)|"
                     rf"(?:wil|ga)\s+(?:\w+\s+)?uit\s+het\s+leven\s+(?:stappen|gaan)|ik\s+ben\s+(?:erg\s+|heel\s+|zo\s+)?(?:suïcidaal|suicidaal)|"
                     rf"ik\s+(?:heb|had)\s+(?:vaak\s+|weer\s+)?(?:zelfmoordgedachten|suïcidale\s+gedachten|suicidale\s+gedachten|"
                     rf"een\s+zelfmoordpoging\s+gedaan)|(?:ik\s+)?(?:heb|had)\s+(?:het\s+)?(?:bijna\s+gedaan|geprobeerd\s+(?:zelfmoord\s+te\s+plegen|"
                     rf"mezelf\s+(?:van\s+kant\s+te\s+maken|te\s+doden|op\s+te\s+hangen)|er\s+een\s+eind(?:e)?\s+aan\s+te\s+maken)))\b"),
    (THOUGHTS, True, r"\b(?:er\s+een\s+eind(?:e)?\s+aan\s+(?:te\s+)?maken)\b(?!\s+(?:met|met\s+(?:hem|haar|mijn\s+(?:relatie|vriend|vriendin))))"),
    (THOUGHTS, False, r"\b(?:zelfmoord\w*|suïcid\w*|suicid\w*|ik\s+zie\s+het\s+niet\s+meer\s+zitten|zie\s+het\s+niet\s+meer\s+zitten|"
                      r"verdwijnen)\b"),
    (PASSIVE, True, r"\b(?:wil\s+niet\s+meer\s+leven|ik\s+wil\s+(?:gewoon\s+|echt\s+|liever\s+)?(?:dood|doodgaan|sterven|niet\s+meer\s+(?:leven|bestaan|wakker\s+worden|hier\s+zijn))|"
                    r"wil\s+(?:gewoon\s+)?dood\s+zijn|ik\s+wou\s+dat\s+ik\s+dood\s+was|was\s+ik\s+maar\s+dood|"
                    r"niet\s+meer\s+(?:wakker\s+(?:worden|te\s+worden)|willen\s+leven)|voor\s+altijd\s+(?:verdwijnen|slapen)|"
                    r"(?:iedereen\s+is\s+|zijn\s+)?beter\s+af\s+zonder\s+mij|ik\s+ben\s+(?:alleen\s+maar\s+|maar\s+)?een\s+(?:last|blok\s+aan\s+het\s+been)|"
                    r"moe\s+van\s+het\s+leven|levensmoe|geen\s+(?:reden|zin)\s+(?:meer\s+)?om\s+(?:te\s+leven|door\s+te\s+gaan)|"
                    r"had\s+(?:ik\s+)?(?:maar\s+)?nooit\s+geboren\s+(?:willen\s+)?(?:worden|zijn)|was\s+ik\s+maar\s+nooit\s+geboren|"
                    r"ik\s+heb\s+geen\s+zin\s+meer\s+in\s+het\s+leven|het\s+leven\s+heeft\s+geen\s+zin\s+meer)\b"
                    r"(?!\s+(?:in|bij|met|hier|zo))"),
    (PASSIVE, False, r"\b(?:ik\s+wil\s+verdwijnen|ik\s+wil\s+niet\s+meer|ik\s+kan\s+niet\s+meer)\b"),
    (MEANS, True, r"\b(?:(?:van|vanaf|uit|voor|onder)\s+(?:een|de|het)?\s*(?:brug|dak|flat|raam|balkon|trein|metro|vrachtwagen|rails|spoor)\s+"
                  r"(?:te\s+)?(?:springen|gooien|werpen|af\s+springen)|ik\s+spring\s+(?:van|voor|onder|uit)\s+(?:een|de|het)\s+(?:brug|dak|flat|raam|balkon|trein|metro)|"
                  r"voor\s+de\s+trein\s+(?:te\s+)?(?:springen|gaan\s+liggen)|mezelf\s+(?:op\s+(?:te\s+)?hangen|voor\s+de\s+trein)|"
                  r"touw\s+om\s+(?:mezelf\s+|mij\s+|je\s+)?op\s+te\s+hangen|pijnloos\s+(?:dood\s*gaan|doodgaan|sterven|zelfmoord)|"
                  r"(?:snelste|makkelijkste|pijnloze|pijnloosste|zekerste)\s+(?:manier|methode)\s+om\s+(?:dood\s+te\s+gaan|te\s+sterven|"
                  r"zelfmoord\s+te\s+plegen|mezelf\s+(?:van\s+kant\s+te\s+maken|te\s+doden))|hoe\s+(?:pleeg|kan)\s+ik\s+(?:het\s+beste\s+)?zelfmoord)\b"),
    (MEANS, True, r"\b(?:pillen|pilletjes|tabletten|medicijnen|slaappillen)\s+(?:\w+\s+){0,2}?om\s+(?:dood\s+te\s+gaan|te\s+sterven|"
                  r"niet\s+meer\s+wakker\s+te\s+worden|er\s+een\s+eind(?:e)?\s+aan\s+te\s+maken)\b|\bhoeveel\s+(?:\w+\s+){0,3}?"
                  r"(?:pillen|tabletten|slaappillen|medicijnen|gram|mg)\b.{0,50}?\b(?:dood|dodelijk|sterven|overdosis|niet\s+meer\s+wakker)\b|"
                  r"\b(?:dodelijke|letale)\s+(?:dosis|hoeveelheid)\b|\balle\s+(?:mijn\s+)?(?:pillen|tabletten|medicijnen)\s+"
                  r"(?:in\s+(?:één|een)\s+keer|tegelijk)\b|\b(?:bewuste|opzettelijke|expres\s+een)\s+overdosis\b"),
    (MEANS, False, r"\b(?:overdosis|dodelijk\w*|van\s+een\s+brug\s+springen|voor\s+de\s+trein)\b"),
    (PREPARATIONS, True, r"\b(?:afscheidsbrief\w*|zelfmoordbrief\w*)\b|\b(?:voor\s+altijd\s+afscheid\s+(?:te\s+)?nemen|afscheid\s+(?:te\s+)?nemen\s+"
                         r"voor\s+altijd)\b|\b(?:geef|weggeven|weg\s+te\s+geven|ik\s+geef)\s+(?:al\s+)?mijn\s+spullen\b.{0,60}?\b"
                         r"(?:niet\s+meer\s+nodig|heb\s+ik\s+(?:toch\s+)?niet\s+meer\s+nodig)\b|\bis\s+(?:het\s+)?(?:alles\s+)?voorbij\s+voor\s+mij\b"),
    (PREPARATIONS, False, r"\b(?:als\s+ik\s+er\s+niet\s+meer\s+ben|na\s+mijn\s+dood|mijn\s+spullen\s+weggeven|is\s+alles\s+voorbij|"
                          r"datum\s+(?:gekozen|geprikt|vastgesteld))\b"),
    (SELF_HARM, True, r"\b(?:mezelf\s+(?:snijden|te\s+snijden|krassen|te\s+krassen|pijn\s+(?:te\s+)?doen|verbranden|te\s+verbranden|slaan|"
                      r"beschadigen|te\s+beschadigen|verwonden)|ik\s+(?:snij|snijd|kras|beschadig|verwond|brand|sla)\s+(?:in\s+)?mezelf|"
                      r"ik\s+kras(?:\s+(?:mezelf|weer|me))?\b|ik\s+ben\s+(?:weer\s+)?(?:begonnen\s+met\s+)?(?:krassen|snijden)|(?:weer\s+)?begonnen\s+met\s+krassen|"
                      r"terugval\s+(?:in\s+)?(?:het\s+)?(?:krassen|zelfbeschadiging|snijden)|littekens\s+(?:verbergen|verstoppen)|"
                      r"(?:drang|behoefte)\s+om\s+(?:te\s+krassen|mezelf\s+(?:te\s+)?(?:snijden|pijn\s+te\s+doen)))\b"),
    (SELF_HARM, False, r"\b(?:zelfbeschadiging|zelfverwonding|automutilatie|krassen|mijn\s+littekens|mijn\s+wonden)\b"),
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
    r"\b(?:kill|killing|killed)\s+(?:the\s+|a\s+|this\s+|that\s+|all\s+)?(?:process|processes|task|app|program|server|job|pid)\b",
    # Spanish
    r"\bme\s+muero\s+(?:de|por)\s+(?:ganas|risa|hambre|calor|fr[ií]o|sue[ñn]o|sed|verg[üu]enza|envidia|amor|aburrimiento|miedo|"
    r"nervios|celos|ver\w*|saber\w*|conocer\w*|probar\w*|ir)\b",
    r"\b(?:morir(?:me|se)?|muriendo|muert[oa]s?|muero|mueres)\s+de\s+(?:la\s+)?(?:risa|calor|hambre|fr[ií]o|sue[ñn]o|ganas|"
    r"verg[üu]enza|aburrimiento|sed|cansancio|envidia|amor)\b",
    r"\b(?:matar|mat[oó]|matando|mato|matamos)\s+(?:el\s+)?(?:tiempo|rato|proceso|la\s+sed|el\s+hambre|el\s+gusanillo|bacterias|"
    r"g[eé]rmenes|hormigas|cucarachas|mosquitos|pulgas|malas\s+hierbas)\b",
    r"\b(?:me\s+mato|matarme|me\s+mat[eé]|me\s+estoy\s+matando)\s+(?:a\s+|de\s+)?(?:estudiar|trabajar|estudiando|trabajando|"
    r"entrenando|risa)\b|\b(?:mi\s+)?(?:madre|mam[aá]|padre|pap[aá]|jefe|jefa)\s+(?:me\s+va\s+a\s+matar|me\s+mata|va\s+a\s+matarme)\b",
    r"\b(?:bater[ií]a|m[oó]vil|celular|tel[eé]fono|port[aá]til|ordenador|computadora|planta)\s+(?:se\s+)?(?:(?:me\s+)?muri[oó]|"
    r"est[aá]\s+muert[oa]|ha\s+muerto)\b|\bse\s+(?:me\s+)?muri[oó]\s+(?:el|la)\s+(?:bater[ií]a|m[oó]vil|celular|tel[eé]fono|planta)\b",
    r"\b(?:cortar(?:me|le|se)?|cortando|corto|cort[eé]|me\s+corto|me\s+cort[eé])\s+(?:(?:el|la|los|las|mi|mis|unas?|un)\s+)?"
    r"(?:pelo|cabello|flequillo|fleco|u[ñn]as|barba|puntas|cebollas?|verduras|carne|pan|papel|tela|c[eé]sped|pasto|gastos|"
    r"az[uú]car|luz|agua|llamada|internet)\b",
    r"\b(?:colgar|colgu[eé]|cuelgo)\s+(?:(?:un|una|el|la|los|las)\s+)?(?:cuadros?|cortinas?|ropa|estantes?|repisas?|tel[eé]fono|"
    r"llamada|fotos?|videos?)\b|\bahorcado\s+(?:juego|palabras)\b|\bjuego\s+del\s+ahorcado\b",
    # French
    r"\b(?:mort|morte|morts|mourir|meurs|meurt|mourais|mourant|crev\w+)\s+(?:de|d')\s*(?:rire|faim|chaud|froid|fatigue|peur|ennui|"
    r"soif|honte|envie|impatience)\b|\bmdr\b|\bptdr\b",
    r"\btuer\s+le\s+temps\b|\b(?:tuer|kill|killer)\s+(?:le|un|ce)\s+(?:processus|process)\b|\bme\s+tue\s+[àa]\s+(?:la\s+t[âa]che|"
    r"le\s+dire|le\s+r[ée]p[ée]ter|travailler)\b|\bça\s+me\s+tue\b|\bca\s+me\s+tue\b|\b(?:va|vont)\s+me\s+tuer\s+si\b",
    r"\b(?:batterie|t[ée]l[ée]phone|portable|ordi|ordinateur|plante)\s+(?:est\s+)?(?:morte?|a\s+l[âa]ch[ée])\b",
    r"\b(?:couper|coupe|coup[ée]e?|coupes|me\s+couper)\s+(?:(?:les|la|le|des|mes|ma|mon|une|un)\s+)?(?:cheveux|frange|ongles|barbe|"
    r"oignons?|l[ée]gumes|viande|pain|herbe|gazon|courant|eau|co[uû]ts|d[ée]penses|sucre|appel)\b",
    r"\b(?:pendre|accrocher)\s+(?:un|une|le|la|des|les|mes)\s+(?:tableaux?|cadres?|rideaux?|cr[ée]maill[èe]re|linge|photos?)\b",
    # Portuguese
    r"\b(?:morrendo|morri|morro|morrer|mort[oa]s?)\s+de\s+(?:rir|fome|calor|frio|sono|saudades?|vontade|t[ée]dio|vergonha|"
    r"cansa[çc]o|medo|inveja|sede|tanto\s+rir)\b|\bkkk+\b",
    r"\b(?:me\s+mata|me\s+matou|me\s+matando|me\s+mato|me\s+matar)\s+de\s+(?:rir|vergonha|saudade|t[ée]dio|trabalhar|estudar)\b",
    r"\bmatar\s+(?:o\s+tempo|aula|a\s+aula|as\s+aulas|a\s+saudade|a\s+sede|a\s+fome|o\s+processo|baratas|formigas|mosquitos)\b",
    r"\benforcar\s+(?:a\s+|o\s+)?(?:sexta|segunda|sexta-feira|segunda-feira|feriado|dia|trabalho|aula)\b",
    r"\b(?:bateria|celular|telem[óo]vel|telefone|notebook|computador|planta)\s+(?:\w+\s+)?(?:morreu|est[áa]\s+mort[oa])\b",
    r"\b(?:cortar|corto|cortei|cortando|me\s+cortar)\s+(?:(?:o|os|a|as|meu|meus|minha|minhas|uma|um)\s+)?(?:cabelos?|franja|unhas|"
    r"barba|cebolas?|legumes|carne|p[ãa]o|papel|grama|gastos|a[çc][úu]car|custos|caminho)\b",
    r"\bpendurar\s+(?:(?:um|uma|o|a|os|as)\s+)?(?:quadros?|cortinas?|roupas?|prateleiras?|fotos?)\b",
    # German
    r"\b(?:ich\s+)?lach(?:e)?\s+mich\s+(?:tot|kaputt|schlapp)\b|\btotlach\w*\b|\btot\s*gelacht\b",
    r"\b(?:tod|tot)\s*m[üu]e?de\b|\b(?:akku|handy|laptop|batterie|pflanze|auto)\s+(?:ist|war)\s+(?:\w+\s+)?tot\b",
    r"\b(?:die\s+)?zeit\s+tot(?:zu)?schlagen\b|\b(?:prozess|task|programm)\s+(?:killen|beenden|abschießen|abschiessen)\b",
    r"\b(?:sterbe|sterben|sterb)\s+(?:fast\s+)?vor\s+(?:hunger|langeweile|hitze|lachen|kälte|kaelte|durst|neugier|angst)\b|"
    r"\bzu\s+tode\s+(?:gelangweilt|langweilen|erschrocken|lachen|gelacht)\b",
    r"\b(?:haare|pony|nägel|naegel|zwiebeln?|gemüse|gemuese|brot|fleisch|rasen|hecke|kosten)\s+(?:\w+\s+)?(?:schneiden|geschnitten|"
    r"kürzen)\b|\b(?:bild|bilder|regal|vorhänge|vorhaenge|wäsche|waesche|lampe)\s+(?:\w+\s+)?(?:aufhängen|aufhaengen|aufgehängt|"
    r"aufzuhängen)\b",
    r"\bbringt\s+mich\s+(?:noch\s+)?um\b|\b(?:wird|werden)\s+mich\s+umbringen\b|\bbist\s+du\s+lebensm[üu]e?de\b|"
    r"\bschluss\s+machen\s+mit\s+(?:ihm|ihr|meinem\s+freund|meiner\s+freundin|meinem\s+partner|meiner\s+partnerin)\b|"
    r"\bmit\s+(?:ihm|ihr|meinem\s+freund|meiner\s+freundin|meinem\s+partner|meiner\s+partnerin)\s+schluss\b",
    # Italian
    r"\b(?:mi\s+)?(?:ammazzo|ammazzavo|sto\s+morendo|muoio|morivo|mort[oa]|morire|crepare|crepo)\s+(?:dalle|dal|dalla|di|da)\s+"
    r"(?:risate|ridere|fame|caldo|freddo|sonno|noia|sete|vergogna|paura|voglia|fatica)\b|\bda\s+morire\b",
    r"\bammazzare\s+il\s+tempo\b|\b(?:uccidere|killare|terminare)\s+(?:il\s+)?processo\b|\bmi\s+ammazzo\s+di\s+(?:lavoro|studio)\b|"
    r"\b(?:mia|mio)\s+(?:madre|padre|mamma|papà|papa|capo)\s+mi\s+(?:ammazza|uccide)\b",
    r"\b(?:batteria|telefono|cellulare|portatile|pianta)\s+(?:è|e)\s+mort[oa]\b|\bmi\s+(?:è|e)\s+mort[oa]\s+(?:il|la)\s+"
    r"(?:batteria|telefono|cellulare|portatile)\b",
    r"\b(?:tagliare|tagliarmi|taglio|tagliato|tagliata|tagliarsi)\s+(?:(?:i|le|la|il|gli|un|una)\s+)?(?:capelli|unghie|barba|frangia|"
    r"punte|cipoll[ae]|verdure|carne|pane|erba|prato|costi|spese|zuccheri)\b|\bappendere\s+(?:(?:un|una|il|la|i|le)\s+)?"
    r"(?:quadr[oi]|tende|mensola|foto|vestiti)\b",
    # Dutch
    r"\bik\s+lach\s+me\s+(?:dood|rot|kapot|slap|een\s+breuk)\b|\bdoodlachen\b|\bdood\s*gelachen\b|\bdood\s*moe\b|\bdoodziek\b",
    r"\b(?:telefoon|batterij|accu|laptop|plant)\s+(?:is|was)\s+(?:\w+\s+)?dood\b|\b(?:de\s+)?tijd\s+doden\b|"
    r"\b(?:proces|process|taak)\s+(?:killen|beëindigen|beeindigen|afsluiten)\b",
    r"\b(?:sterf|sterven|sterft|ga\s+dood|doodgaan|vergaan)\s+van\s+(?:de\s+)?(?:honger|hitte|dorst|verveling|kou|het\s+lachen|"
    r"nieuwsgierigheid)\b",
    r"\b(?:haar|pony|nagels|uien|ui|groenten|vlees|brood|gras|heg|kosten)\s+(?:\w+\s+)?(?:knippen|snijden|geknipt|gesneden|maaien)\b|"
    r"\b(?:schilderij|schilderijen|foto|lijst|plank|gordijnen|was)\s+(?:\w+\s+)?(?:ophangen|opgehangen|op\s+te\s+hangen)\b|"
    r"\bhet\s+uitmaken\s+met\b",
]
