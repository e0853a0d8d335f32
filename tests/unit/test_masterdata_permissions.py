"""Who may read and change master data, and that companies never see each other's data."""

from kontor.core.masterdata.basics.models import PaymentTerm
from kontor.core.masterdata.parties.models import Customer
from kontor.testing import ApiClient, api_as
from tests.unit.test_masterdata_support import created, nothing_written, problem, rows

MEIER = {"short_name": "MEIER", "name1": "Meier GmbH"}


def test_a_viewer_can_list_and_read_customers(api, http, company):
    body = created(api, "/api/customers", **MEIER)
    viewer = api_as(http, company, "viewer")
    page = viewer.get("/api/customers")
    assert page.status_code == 200 and page.json()["total"] == 1
    assert viewer.get(f"/api/customers/{body['id']}").json()["short_name"] == "MEIER"


def test_a_viewer_cannot_create_change_or_delete_a_customer(api, http, company):
    body = created(api, "/api/customers", **MEIER)
    viewer = api_as(http, company, "viewer")
    with nothing_written(company, Customer):
        created_by_viewer = viewer.post("/api/customers", json={"short_name": "X", "name1": "X"})
        changed = viewer.patch(f"/api/customers/{body['id']}", json={"city": "Bonn"})
        deleted = viewer.delete(f"/api/customers/{body['id']}")
    for response in (created_by_viewer, changed, deleted):
        assert "write permission on 'masterdata'" in problem(response, 403)["detail"]
    assert api.get(f"/api/customers/{body['id']}").json()["city"] == ""


def test_a_refused_viewer_uses_up_no_customer_number(api, http, company):
    api_as(http, company, "viewer").post("/api/customers", json=MEIER)
    assert created(api, "/api/customers", **MEIER)["number"] == "10001"


def test_a_clerk_enters_customers_but_cannot_change_the_basics(http, company):
    clerk = api_as(http, company, "clerk")
    assert clerk.post("/api/customers", json=MEIER).status_code == 201
    with nothing_written(company, PaymentTerm):
        response = clerk.post("/api/basics/payment-terms", json={"code": "X", "name": "X"})
    assert "'basics'" in problem(response, 403)["detail"]
    assert clerk.get("/api/basics/payment-terms").status_code == 200


def test_only_an_administrator_of_the_basics_changes_the_company_parameters(api, http, company):
    parameters = api.get("/api/parameters").json()
    for role in ("viewer", "clerk"):
        user = api_as(http, company, role)
        assert user.get("/api/parameters").status_code == 200
        problem(user.put("/api/parameters", json={**parameters, "fiscal_year_start_month": 4}), 403)
    assert api.get("/api/parameters").json() == parameters


def test_a_user_without_any_role_may_not_even_read(http, company):
    nobody = api_as(http, company, None)
    problem(nobody.get("/api/customers"), 403)
    problem(nobody.get("/api/articles"), 403)
    problem(nobody.post("/api/customers", json=MEIER), 403)


def test_without_a_token_the_api_answers_unauthenticated(http, company):
    response = http.get("/api/customers", headers={"X-Kontor-Tenant": company.code})
    assert "Bearer" in problem(response, 401)["detail"]
    problem(http.post("/api/customers", json=MEIER), 401)
    assert rows(company, Customer) == 0


def test_an_unknown_token_is_refused(http, company):
    stranger = ApiClient(http, "kt_not-a-real-token", company.code)
    problem(stranger.get("/api/customers"), 401)


def test_a_customer_of_another_company_is_not_found(api, other_company):
    with other_company.write() as (session, _ctx):
        foreign = Customer(tenant_id=other_company.tenant_id, number="1", short_name="FREMD", name1="Fremd")
        session.add(foreign)
        session.flush()
        foreign_id = foreign.id
    problem(api.get(f"/api/customers/{foreign_id}"), 404)
    problem(api.patch(f"/api/customers/{foreign_id}", json={"city": "Bonn"}), 404)
    problem(api.delete(f"/api/customers/{foreign_id}"), 404)
    assert api.get("/api/customers", params={"q": "FREMD"}).json()["total"] == 0
    with other_company.read() as (session, _ctx):
        assert session.get(Customer, foreign_id).city == ""


def test_a_user_cannot_act_for_a_company_they_do_not_belong_to(http, company, other_company):
    outsider = api_as(http, other_company, "admin")
    outsider.headers["X-Kontor-Tenant"] = company.code
    assert company.code in problem(outsider.get("/api/customers"), 403)["detail"]


def test_each_company_numbers_its_customers_from_its_own_range(api, http, other_company):
    theirs = api_as(http, other_company, "admin")
    assert created(api, "/api/customers", **MEIER)["number"] == "10001"
    assert created(theirs, "/api/customers", **MEIER)["number"] == "10001"
