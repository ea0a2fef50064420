"""Communication 2.4, the Agents resource: a Person object for an agent (SQLite and
PostgreSQL). Rebond keeps no directory behind pseudonyms, so the Person holds exactly what
was asked: the resource never turns a pseudonym into a name."""

from __future__ import annotations

import json

import pytest

from tests.lrs.conftest import Lrs


def get_person(lrs: Lrs, agent: object, *scopes: str):  # noqa: ANN201 - httpx.Response
    text = agent if isinstance(agent, str) else json.dumps(agent)
    return lrs.client.get(
        f"{lrs.url}/agents", params={"agent": text}, headers=lrs.headers(*scopes or ("all/read",))
    )


def test_2_4_s3_b3_unknown_agent_returns_a_person_with_its_own_information(lrs: Lrs) -> None:
    response = get_person(lrs, {"objectType": "Agent", "name": "Léa", "mbox": "mailto:l@x.org"})
    assert response.status_code == 200
    assert response.json() == {"objectType": "Person", "name": ["Léa"], "mbox": ["mailto:l@x.org"]}


@pytest.mark.parametrize(
    "agent",
    [{"mbox_sha1sum": "a" * 40}, {"openid": "http://openid.example.org/learner"},
     {"account": {"homePage": "http://rebond.example", "name": "c0ffee"}}],
)  # fmt: skip
def test_2_4_s6_b1_each_identifier_comes_back_as_an_array_of_the_same_form(
    lrs: Lrs, agent: dict
) -> None:
    person = get_person(lrs, agent).json()
    assert person["objectType"] == "Person"
    (ifi,) = agent
    assert person[ifi] == [agent[ifi]]
    assert set(person) == {"objectType", ifi}  # 2.4.s6.b2: no other property


def test_2_4_s2_agent_parameter_is_required(lrs: Lrs) -> None:
    response = lrs.client.get(f"{lrs.url}/agents", headers=lrs.headers("all/read"))
    assert response.status_code == 400
    assert "agent" in response.json()["error"]["message_en"]


@pytest.mark.parametrize(
    "agent",
    ["not JSON", '{"name": "nobody"}', '{"mbox": "mailto:a@x.org", "openid": "http://o.org"}',
     '{"objectType": "Group", "mbox": "mailto:class@x.org"}'],
)  # fmt: skip
def test_2_4_s2_agent_that_is_not_one_agent_with_one_identifier_is_400(
    lrs: Lrs, agent: str
) -> None:
    response = get_person(lrs, agent)
    assert response.status_code == 400
    assert response.json()["error"]["message_fr"]


def test_4_2_agents_need_a_read_scope(lrs: Lrs) -> None:
    assert get_person(lrs, {"mbox": "mailto:a@x.org"}, "statements/write").status_code == 403
