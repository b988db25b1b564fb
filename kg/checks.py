"""Checking a data folder without building a store (``kg check``)."""

from __future__ import annotations

from pathlib import Path

from kg.loader import load_ontology, topic_ids
from kg.records import read_records
from kg.roles import RoleWarning, role_warnings
from kg.store import Inputs

__all__ = ["check_data"]


def check_data(inputs: Inputs) -> list[RoleWarning]:
    """Read and check every record; return the role warnings.

    Raises :class:`~kg.errors.InvalidDataError` on the errors a build would
    refuse (the SHACL shapes run only when building).
    """
    ontology = load_ontology(Path(inputs.ontology_dir))
    records = read_records(Path(inputs.data_dir), topic_ids(ontology))
    return role_warnings(records)
