"""`pip install .` (not editable) gives a kg that works from any directory."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _can_build_here() -> bool:
    """Whether this environment can build the wheel without fetching setuptools."""
    if importlib.util.find_spec("setuptools") is None:
        return False
    from importlib.metadata import version

    major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def test_every_package_of_kg_is_installed() -> None:
    # setup.cfg lists the packages (kg.ontology and kg.data come from other folders); a
    # package missing there is missing from every non-editable install
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = set(config["options"]["packages"].split())
    found = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "kg").rglob("__init__.py")
    }
    assert found - listed == set()


@pytest.mark.slow
def test_wheel_carries_ontology_and_data(tmp_path: Path) -> None:
    wheel_dir, site = tmp_path / "wheel", tmp_path / "site"
    isolation = ["--no-build-isolation"] if _can_build_here() else []
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", *isolation, "-w", str(wheel_dir), str(ROOT)], check=True
    )
    [wheel] = wheel_dir.glob("*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    for packaged in ("kg/ontology/kg.ttl", "kg/data/people.yaml", "kg/rq/pair_contacts.rq"):
        assert (site / packaged).is_file(), packaged

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "KG_STORE": str(tmp_path / "store")}
    env.pop("KG_DATA", None)
    done = subprocess.run(
        [str(site / "bin" / "kg"), "last-contact", "Lecornu", "Shoigu", "--format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"date": "2024-04-03"' in done.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import kg; print(kg.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(site))
