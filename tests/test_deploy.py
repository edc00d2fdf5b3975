"""The container recipe (deploy/): no container daemon runs here, so every path, module, command
and pin it names is checked against the project, and the balancer's nginx configuration is tested."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from editors import cli as indexer_cli
from indexer.embedding import BACKENDS
from search_app import cli as search_cli

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
DOCKERFILE = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [(line.split()[0], line.split(maxsplit=1)[1]) for line in joined.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _parses(command: list[str]) -> None:
    """`python -m indexer ...` / `python -m search_app ...` as its own parser reads it (a typo fails here)."""
    module, args = command[2], command[3:]
    parser = indexer_cli._parser() if module == "indexer" else search_cli._parser({})
    parser.parse_args(args)


def test_every_file_the_image_copies_is_in_the_project():
    for kind, rest in _instructions():
        if kind == "COPY":
            *sources, _ = rest.split()
            assert all((ROOT / source).exists() for source in sources), rest


def test_the_image_pins_the_same_torch_as_the_makefile_and_bakes_in_an_existing_backend():
    make_pin = re.search(r"torch==[\d.]+", (ROOT / "Makefile").read_text()).group()
    assert make_pin in DOCKERFILE
    baked = re.search(r"load_embedder\(backend='([^']+)'\)", DOCKERFILE).group(1)
    assert baked in BACKENDS and importlib.util.find_spec("indexer.embedding")
    assert "HF_HUB_OFFLINE=1" in DOCKERFILE and re.search(r"^USER (?!root)", DOCKERFILE, re.M)


def test_the_image_and_compose_commands_are_commands_the_project_has():
    command = json.loads(re.search(r"^CMD (\[.*\])", DOCKERFILE, re.M).group(1))
    _parses(command)
    for name in ("build", "replica"):
        _parses(COMPOSE["services"][name]["command"])
    assert COMPOSE["services"]["replica"]["volumes"] == ["index:/index:ro"]  # replicas never write the index
    assert (DEPLOY / COMPOSE["services"]["balancer"]["volumes"][0].split(":")[0]).is_file()


@pytest.mark.skipif(not Path(NGINX).is_file(), reason="nginx is not installed (apt-get install nginx)")
def test_the_balancers_configuration_is_valid_nginx(tmp_path):
    config = tmp_path / "balancer.conf"
    config.write_text((DEPLOY / "balancer.conf").read_text().replace("replica:8000", "127.0.0.1:8000")
                      .replace("/tmp/balancer.pid", str(tmp_path / "balancer.pid")))
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(config), "-e", "stderr"],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
