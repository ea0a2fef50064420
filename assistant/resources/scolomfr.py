"""ScoLOMFR export: the French school profile of LOM (IEEE 1484.12.1) for one resource.

Academic resource banks and the ministry's catalogues harvest ScoLOMFR records. We write a
LOM record in the LOM namespace with the ScoLOMFR extension namespace; values from LOM's own
vocabularies use source « LOMv1.0 », school-specific ones (context of use, pedagogical
intent, educational level) use source « SCOLOMFRv3.0 » with the label of the ScoLOMFR
vocabulary. (No XSD is reachable offline to validate against; the tests check the structure.)
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from curriculum.french.bank import ResourceMetadata

LOM = "http://ltsc.ieee.org/xsd/LOM"
SCOLOMFR = "http://www.lom-fr.fr/xsd/SCOLOMFR"
ET.register_namespace("", LOM)
ET.register_namespace("scolomfr", SCOLOMFR)

DIFFICULTY = {1: "easy", 2: "medium", 3: "difficult"}
RESOURCE_TYPE = {
    "passage": "narrative text",
    "question": "exercise",
    "exercise": "exercise",
    "fact": "narrative text",
}


def _el(parent: ET.Element, tag: str, text: str | None = None, ns: str = LOM) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _lang(parent: ET.Element, tag: str, text: str) -> None:
    _el(_el(parent, tag), "string", text).set("language", "fr")


def _vocab(parent: ET.Element, tag: str, source: str, value: str, ns: str = LOM) -> None:
    element = _el(parent, tag, ns=ns)
    _el(element, "source", source)
    _el(element, "value", value)


def record(meta: ResourceMetadata) -> bytes:
    """The ScoLOMFR XML record of one resource, UTF-8 with an XML declaration."""
    lom = ET.Element(f"{{{LOM}}}lom")
    general = _el(lom, "general")
    identifier = _el(general, "identifier")
    _el(identifier, "catalog", "URI")
    _el(identifier, "entry", meta.uri)
    _lang(general, "title", meta.title)
    _el(general, "language", meta.language)
    for skill in meta.skills:
        _lang(general, "keyword", skill)
    _vocab(general, "generalResourceType", "SCOLOMFRv3.0", meta.type, ns=SCOLOMFR)

    contribute = _el(_el(lom, "lifeCycle"), "contribute")
    _vocab(contribute, "role", "LOMv1.0", "author")
    _el(contribute, "entity", f"BEGIN:VCARD\nVERSION:3.0\nFN:{meta.author}\nEND:VCARD")

    meta_metadata = _el(lom, "metaMetadata")
    for schema in ("LOMv1.0", "SCOLOMFRv3.0"):
        _el(meta_metadata, "metadataSchema", schema)
    _el(meta_metadata, "language", "fr")

    technical = _el(lom, "technical")
    _el(technical, "format", "text/html")
    _el(technical, "location", meta.uri)

    educational = _el(lom, "educational")
    _vocab(educational, "interactivityType", "LOMv1.0", "active")
    _vocab(educational, "learningResourceType", "LOMv1.0", RESOURCE_TYPE[meta.type])
    _vocab(educational, "intendedEndUserRole", "LOMv1.0", "learner")
    for context in meta.contexts:
        _vocab(educational, "place", "SCOLOMFRv3.0", context, ns=SCOLOMFR)
    _vocab(educational, "activity", "SCOLOMFRv3.0", meta.intent, ns=SCOLOMFR)
    _lang(educational, "typicalAgeRange", "15-16")
    _vocab(educational, "difficulty", "LOMv1.0", DIFFICULTY[meta.level])
    _el(_el(educational, "typicalLearningTime"), "duration", f"PT{meta.duration_minutes}M")
    _el(educational, "language", meta.language)

    rights = _el(lom, "rights")
    _vocab(rights, "cost", "LOMv1.0", "no")
    _vocab(rights, "copyrightAndOtherRestrictions", "LOMv1.0", "yes")
    _lang(rights, "description", f"{meta.licence} {meta.licence_url}")

    level = _el(lom, "classification")
    _vocab(level, "purpose", "LOMv1.0", "educational level")
    path = _el(level, "taxonPath")
    _lang(path, "source", "SCOLOMFRv3.0")
    _lang(_el(path, "taxon"), "entry", "seconde générale et technologique")

    skills = _el(lom, "classification")
    _vocab(skills, "purpose", "LOMv1.0", "competency")
    for skill in meta.skills:
        path = _el(skills, "taxonPath")
        _lang(path, "source", "Rebond : carte des compétences (curriculum/skills.yml)")
        taxon = _el(path, "taxon")
        _el(taxon, "id", skill)
    return ET.tostring(lom, encoding="utf-8", xml_declaration=True)
