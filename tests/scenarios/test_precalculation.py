"""Pre-calculation (Vorkalkulation) of a quote by article type and the line calculation
(Positionskalkulation), checked against a sheet computed by hand, to the cent.

Overhead surcharges: the company defaults M 15 %, L 25 %, F 10 %, D 0 %, P 0 %.

The quote (all lines at 19 %, 3 % end discount, freight 39.00):

  pos type article             qty    unit price  disc  net      list price  cost/unit
  1   M    P-100 pump          4      235.00      0 %   940.00   249.00      140.00 (landed cost)
  2   M    KAB cable           12.5   3.45        5 %    40.97     3.45        1.874 (purchase)
  3   L    MONT fitter hour    6.5    61.50       0 %   399.75    64.00       38.50
  4   F    crane (temporary)   1      480.00      2.5 % 468.00   480.00 (own) 400.00
  5   D    ENTS disposal fee   1      25.00       0 %    25.00    25.00       18.00
  6   P    PROV commission     1      0.00        0 %     0.00     0.00       45.00
  7   M    P-100 pump OPTIONAL 2      235.00      0 %  (470.00, never counted)
  direct cost: freight 39.00 (type D, revenue without cost)

  cable net: 12.5 x 3.45 = 43.125, less 5 % = 40.96875 -> 40.97

  type  target    list              prime                  overhead            full     margin   %      result
  M     980.97    996.00 + 43.125   560.00 + 23.425        15 % of 583.43      670.94   397.54   40.53  310.03
                  = 1039.125 ->     = 583.425 -> 583.43    = 87.5145 -> 87.51
                  1039.13
  L     399.75    416.00            250.25                 25 % = 62.5625      312.81   149.50   37.40   86.94
                                                           -> 62.56
  F     468.00    480.00            400.00                 10 % = 40.00        440.00    68.00   14.53   28.00
  D      64.00     64.00             18.00                  0.00                18.00    46.00   71.88   46.00
        (25 + 39) (25 + 39)
  P       0.00      0.00             45.00                  0.00                45.00   -45.00    -     -45.00

  lines 1873.72; end discount 3 % = 56.2116 -> 56.21 (shown separately)
  total 1912.72 - 56.21 = 1856.51 (= the quote's net total)
        list 1999.13, prime 1296.68, overhead 190.07, full 1486.75,
        margin 1856.51 - 1296.68 = 559.83 (30.15 %), result 1856.51 - 1486.75 = 369.76
"""

from datetime import date
from decimal import Decimal

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.calc.precalc import calculate_line, precalculate, price_for_margin
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.parameters import (
    CompanyParameters,
    get_parameters,
    set_parameters,
)
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Invalid
from kontor.testing import ApiClient
from kontor.web.api.calc import HANDLERS
from kontor.web.problems import EXCEPTION_HANDLERS

D = Decimal


def make_quote(company) -> dict:
    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="20001", short_name="BAU", name1="Bau Berger KG",
                            street="Am Anger 2", postal_code="80331", city="München")
        pump = Article(tenant_id=ctx.tenant_id, number="P-100", description="Pumpe", article_type="M",
                       sales_price_1=D("249.00"), purchase_price=D("131.20"), landed_cost=D("140.00"))
        cable = Article(tenant_id=ctx.tenant_id, number="KAB", description="Kabel", article_type="M",
                        sales_price_1=D("3.45"), purchase_price=D("1.874"))
        hour = Article(tenant_id=ctx.tenant_id, number="MONT", description="Monteurstunde", article_type="L",
                       sales_price_1=D("64.00"), purchase_price=D("38.50"))
        disposal = Article(tenant_id=ctx.tenant_id, number="ENTS", description="Entsorgungspauschale",
                           article_type="D", sales_price_1=D("25.00"), purchase_price=D("18.00"))
        commission = Article(tenant_id=ctx.tenant_id, number="PROV", description="Vermittlungsprovision",
                             article_type="P", sales_price_1=D("0"), purchase_price=D("45.00"))
        session.add_all([customer, pump, cable, hour, disposal, commission])
        session.flush()
        quote = create_document(session, ctx, DocumentCreate(
            kind="quote", customer_id=customer.id, doc_date=date(2026, 5, 4), end_discount_percent=D("3"),
            lines=[LineInput(article_id=pump.id, quantity=D("4"), unit_price=D("235.00")),
                   LineInput(article_id=cable.id, quantity=D("12.5"), unit_price=D("3.45"), discount_percent=D("5")),
                   LineInput(article_id=hour.id, quantity=D("6.5"), unit_price=D("61.50")),
                   LineInput(description="Kranarbeiten Fremdfirma", article_type="F", quantity=D("1"),
                             unit_price=D("480.00"), discount_percent=D("2.5"), cost_price=D("400.00")),
                   LineInput(article_id=disposal.id, quantity=D("1"), unit_price=D("25.00")),
                   LineInput(article_id=commission.id, quantity=D("1"), unit_price=D("0")),
                   LineInput(article_id=pump.id, quantity=D("2"), unit_price=D("235.00"), optional=True)],
            charges=[ChargeInput(kind="freight", text="Spedition", amount=D("39.00"))]))
        assert (quote.lines_net, quote.end_discount_amount, quote.net_total) == (D("1873.72"), D("56.21"), D("1856.51"))
        lines = lines_of(session, quote.id)
        return {"quote": quote.id, "customer": customer.id, "lines": [line.id for line in lines]}


def sheet(calc) -> dict:
    """type -> (target, list, prime, overhead, full, margin, margin %, result)"""
    return {r.article_type: (r.target_revenue, r.list_revenue, r.prime_cost, r.overhead, r.full_cost, r.margin,
                             r.margin_percent, r.result) for r in [*calc.rows, calc.total]}


def test_precalculation_of_a_quote_matches_the_hand_computed_sheet(company):
    ids = make_quote(company)
    with company.read() as (session, ctx):
        calc = precalculate(session, ctx, ids["quote"])
    assert [r.article_type for r in calc.rows] == ["M", "L", "F", "D", "P"]
    assert calc.end_discount == D("56.21")
    assert sheet(calc) == {
        "M": (D("980.97"), D("1039.13"), D("583.43"), D("87.51"), D("670.94"), D("397.54"), D("40.53"), D("310.03")),
        "L": (D("399.75"), D("416.00"), D("250.25"), D("62.56"), D("312.81"), D("149.50"), D("37.40"), D("86.94")),
        "F": (D("468.00"), D("480.00"), D("400.00"), D("40.00"), D("440.00"), D("68.00"), D("14.53"), D("28.00")),
        "D": (D("64.00"), D("64.00"), D("18.00"), D("0.00"), D("18.00"), D("46.00"), D("71.88"), D("46.00")),
        "P": (D("0.00"), D("0.00"), D("45.00"), D("0.00"), D("45.00"), D("-45.00"), None, D("-45.00")),
        "total": (D("1856.51"), D("1999.13"), D("1296.68"), D("190.07"), D("1486.75"), D("559.83"), D("30.15"),
                  D("369.76")),
    }

    # a higher overhead on material from the company parameters: M 20 % of 583.43 = 116.686 -> 116.69
    with company.write() as (session, ctx):
        parameters = get_parameters(session, ctx).model_copy(
            update={"overhead_percent": {"M": D("20"), "L": D("25"), "F": D("10")}})
        set_parameters(session, ctx, parameters)
    with company.read() as (session, ctx):
        calc = sheet(precalculate(session, ctx, ids["quote"]))
    assert calc["M"][3:5] == (D("116.69"), D("700.12"))  # full 583.43 + 116.69
    # full 1486.75 + (116.69 - 87.51) = 1515.93; margin unchanged; result 1856.51 - 1515.93 = 340.58
    assert calc["total"][4:] == (D("1515.93"), D("559.83"), D("30.15"), D("340.58"))
    with pytest.raises(ValueError):
        CompanyParameters(overhead_percent={"X": D("10")})
    with pytest.raises(ValueError):
        CompanyParameters(overhead_percent={"M": D("1000.01")})


def test_price_for_margin_three_ways_and_refusals():
    assert price_for_margin(D("2.00"), margin_amount=D("1.50")) == D("3.50")
    assert price_for_margin(D("38.50"), margin_percent=D("40")) == D("64.17")  # 38.50 / 0.60 = 64.1666...
    assert price_for_margin(D("150"), markup_percent=D("25")) == D("187.50")
    assert price_for_margin(D("1.874"), markup_percent=D("0")) == D("1.87")
    refusals = [
        ({"margin_amount": D("1"), "markup_percent": D("10")}, D("10"), ("markup_percent", "exactly_one")),
        ({}, D("10"), ("margin_amount", "exactly_one")),
        ({"margin_percent": D("100")}, D("10"), ("margin_percent", "below_100")),
        ({"markup_percent": D("10")}, D("-0.01"), ("cost_price", "non_negative")),
        ({"margin_amount": D("-11")}, D("10"), ("margin_amount", "non_negative_price")),
    ]
    for kwargs, cost, expected in refusals:
        with pytest.raises(Invalid) as refused:
            price_for_margin(cost, **kwargs)
        assert [(p.field, p.rule) for p in refused.value.problems] == [expected]


def test_line_calculation_sets_price_and_cost_through_the_document(company):
    ids = make_quote(company)
    pump, cable, hour, _crane = ids["lines"][:4]
    with company.write() as (session, ctx):
        # cable: new cost 2.00 and 1.50 margin per unit -> 3.50, discount gone: 12.5 x 3.50 = 43.75
        line = calculate_line(session, ctx, ids["quote"], cable, cost_price=D("2.00"), margin_amount=D("1.50"))
        assert (line.unit_price, line.discount_percent, line.cost_price, line.net_amount) == (
            D("3.50"), D("0"), D("2.00"), D("43.75"))
        # fitter hour: 40 % of the price on the cost 38.50 -> 64.17; 6.5 x 64.17 = 417.105 -> 417.11
        line = calculate_line(session, ctx, ids["quote"], hour, margin_percent=D("40"))
        assert (line.unit_price, line.cost_price, line.net_amount) == (D("64.17"), D("38.50"), D("417.11"))
        # pump: cost 150.00 plus 25 % markup -> 187.50; 4 x 187.50 = 750.00
        line = calculate_line(session, ctx, ids["quote"], pump, cost_price=D("150"), markup_percent=D("25"))
        assert (line.unit_price, line.cost_price, line.net_amount) == (D("187.50"), D("150"), D("750.00"))
    with company.read() as (session, ctx):
        lines = lines_of(session, ids["quote"])
        # the other lines stay as they were (temporary crane line with its discount and cost, the optional pump)
        assert [(l.unit_price, l.discount_percent, l.cost_price, l.net_amount, l.optional) for l in lines[3:]] == [
            (D("480.00"), D("2.5"), D("400.00"), D("468.00"), False),
            (D("25.00"), D("0"), D("18.00"), D("25.00"), False),
            (D("0"), D("0"), D("45.00"), D("0.00"), False),
            (D("235.00"), D("0"), D("140.00"), D("470.00"), True),
        ]
        # lines 750.00 + 43.75 + 417.11 + 468.00 + 25.00 + 0.00 = 1703.86; end discount 51.12 (51.1158)
        calc = precalculate(session, ctx, ids["quote"])
        assert calc.end_discount == D("51.12")
        m = calc.rows[0]
        # M: target 793.75, prime 600.00 + 25.00 = 625.00, overhead 93.75, margin 168.75 = 21.26 %
        assert (m.target_revenue, m.prime_cost, m.overhead, m.margin, m.margin_percent) == (
            D("793.75"), D("625.00"), D("93.75"), D("168.75"), D("21.26"))
        assert calc.total.target_revenue == D("1691.74")  # 1703.86 - 51.12 + 39.00 freight
        audits = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                       AuditEntry.subject == "documents", AuditEntry.record_id == ids["quote"])).all()
        assert len([a for a in audits if a.action == "update"]) == 3

    # refusals change nothing
    for kwargs, expected in [
        ({"margin_amount": D("1"), "margin_percent": D("10")}, ("margin_percent", "exactly_one")),
        ({"margin_percent": D("100")}, ("margin_percent", "below_100")),
        ({"cost_price": D("-1"), "margin_amount": D("1")}, ("cost_price", "non_negative")),
    ]:
        with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
            calculate_line(session, ctx, ids["quote"], cable, **kwargs)
        assert [(p.field, p.rule) for p in refused.value.problems] == [expected]
    with company.read() as (session, ctx):
        assert lines_of(session, ids["quote"])[1].unit_price == D("3.50")


@pytest.fixture
def client(kontor_system):
    app = Litestar(route_handlers=HANDLERS, exception_handlers=EXCEPTION_HANDLERS)
    app.state.kontor = kontor_system
    with TestClient(app) as test_client:
        yield test_client


def test_precalculation_and_line_calculation_over_http(client, company):
    ids = make_quote(company)
    api = ApiClient(client, company.token(company.add_user("admin")), company.code)
    answer = api.get(f"/api/documents/{ids['quote']}/precalculation")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [r["article_type"] for r in body["rows"]] == ["M", "L", "F", "D", "P"]
    assert D(body["end_discount"]) == D("56.21")
    total = body["total"]
    assert [D(total[k]) for k in ("target_revenue", "prime_cost", "full_cost", "margin", "margin_percent", "result")] == [
        D("1856.51"), D("1296.68"), D("1486.75"), D("559.83"), D("30.15"), D("369.76")]
    assert body["rows"][4]["margin_percent"] is None

    cable = ids["lines"][1]
    calculated = api.post(f"/api/documents/{ids['quote']}/lines/{cable}/calculate",
                          json={"cost_price": "2.00", "margin_amount": "1.50"})
    assert calculated.status_code == 200, calculated.text
    assert (D(calculated.json()["unit_price"]), D(calculated.json()["net_amount"])) == (D("3.50"), D("43.75"))
    two = api.post(f"/api/documents/{ids['quote']}/lines/{cable}/calculate",
                   json={"margin_amount": "1", "markup_percent": "10"})
    assert two.status_code == 422
    assert [(e["field"], e["rule"]) for e in two.json()["errors"]] == [("markup_percent", "exactly_one")]
    assert api.get("/api/documents/999999999/precalculation").status_code == 404
    assert client.get(f"/api/documents/{ids['quote']}/precalculation").status_code == 401
