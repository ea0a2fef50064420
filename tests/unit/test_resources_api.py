"""Resource metadata and the ScoLOMFR export, for passages, questions, maths exercises,
language modules and « Le saviez-vous ? » facts."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from assistant.engine import skill_map
from assistant.resources.scolomfr import LOM, SCOLOMFR
from curriculum import motivation
from curriculum.french import bank
from curriculum.langue import bank as langue_bank
from curriculum.maths.items import GENERATORS

NS = {"lom": LOM, "scolomfr": SCOLOMFR}


def test_every_resource_has_a_persistent_uri_and_full_metadata(client, settings):
    resources = client.get("/api/resources").json()
    kinds = {r["type"] for r in resources}
    assert kinds == {"passage", "question", "exercise", "fact"}
    assert len(resources) == len(bank.passages()) + sum(
        len(p.questions) for p in bank.passages()
    ) + len(GENERATORS) + len(langue_bank.modules()) + len(motivation.facts())
    culture = {f"fait.{f.id}" for f in motivation.facts() if f.skill == motivation.CULTURE}
    known = skill_map.load().skills
    for meta in resources:
        assert meta["uri"].startswith(settings.public_url + "/resources/")
        assert meta["title"] and meta["licence"] == "CC BY-SA 4.0"
        # Only a culture fact trains no skill; every skill named is one of the map.
        assert bool(meta["skills"]) != (meta["id"] in culture), meta["id"]
        assert set(meta["skills"]) <= set(known), meta["id"]
        assert meta["intent"] in {"découverte", "entraînement", "mémorisation", "remédiation"}
        assert set(meta["contexts"]) <= {"seul", "en classe", "en mobilité"}
        assert meta["duration_minutes"] > 0 and meta["level"] in (1, 2, 3)
    assert len({r["uri"] for r in resources}) == len(resources)


@pytest.mark.parametrize("kind", ["passage", "question", "maths", "langue", "fact", "culture"])
def test_scolomfr_record_carries_the_metadata(client, kind):
    passage = bank.passages()[0]
    facts = motivation.facts()
    resource_id = {
        "passage": passage.id,
        "question": passage.questions[0].id,
        "maths": "maths." + next(iter(GENERATORS)),
        "langue": "langue." + langue_bank.modules()[0].id,
        "fact": "fait."
        + next(f.id for f in facts if f.subject == "francais" and f.skill != "culture"),
        "culture": "fait." + next(f.id for f in facts if f.skill == "culture"),
    }[kind]
    meta = client.get(f"/api/resources/{resource_id}").json()
    response = client.get(f"/api/resources/{resource_id}/scolomfr")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    lom = ET.fromstring(response.content)
    assert lom.tag == f"{{{LOM}}}lom"
    assert lom.findtext("lom:general/lom:identifier/lom:entry", namespaces=NS) == meta["uri"]
    assert lom.findtext("lom:general/lom:title/lom:string", namespaces=NS) == meta["title"]
    duration = "lom:educational/lom:typicalLearningTime/lom:duration"
    assert lom.findtext(duration, namespaces=NS) == f"PT{meta['duration_minutes']}M"
    places = lom.findall("lom:educational/scolomfr:place/lom:value", namespaces=NS)
    assert [p.text for p in places] == meta["contexts"]
    rights = lom.findtext("lom:rights/lom:description/lom:string", namespaces=NS)
    assert "CC BY-SA 4.0" in rights
    taxa = lom.findall(".//lom:taxon/lom:id", namespaces=NS)
    assert [t.text for t in taxa] == meta["skills"]


def test_unknown_resource_is_404_in_french_and_english(client):
    response = client.get("/api/resources/pas-une-ressource/scolomfr")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["message_fr"] == "Cette ressource n'existe pas." and error["message_en"]


def test_a_fact_has_a_persistent_uri_and_its_topic_skills(client, settings):
    fact = motivation.fact("divisible-par-trois")
    meta = client.get(f"/api/resources/fait.{fact.id}").json()
    assert meta["uri"] == f"{settings.public_url}/resources/faits/{fact.id}"
    assert meta["title"] == f"Le saviez-vous ? {fact.title}"
    assert meta["type"] == "fact" and meta["intent"] == "découverte"
    assert meta["level"] == fact.level and meta["duration_minutes"] == 2  # it has a challenge
    assert meta["skills"] and all(
        s.startswith("nombres_calculs.arithmetique.") for s in meta["skills"]
    )
    lom = ET.fromstring(client.get(f"/api/resources/fait.{fact.id}/scolomfr").content)
    kind = lom.findtext("lom:educational/lom:learningResourceType/lom:value", namespaces=NS)
    assert kind == "narrative text"


def test_an_unknown_fact_is_404_in_french_and_english(client):
    response = client.get("/api/resources/fait.pas-un-fait/scolomfr")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["message_fr"] == "Cette ressource n'existe pas." and error["message_en"]
