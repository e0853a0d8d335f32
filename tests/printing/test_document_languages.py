"""Foreign-language documents: each customer and supplier has a document language; documents
print their wording, the article texts and text blocks in it, with its notation of dates and
numbers (Babel). German and English ship; a third language is added over the API without
code, and what it lacks prints in English."""

from decimal import Decimal

from kontor.core.documents.schemas import LineInput
from kontor.core.masterdata.texts.models import TextBlock
from kontor.core.printing.catalog import all_messages
from kontor.core.printing.documents import print_document
from kontor.core.printing.language import shipped_catalog, source_messages
from tests.printing.print_shop import document, eu_invoice, pdf_text, shop

D = Decimal


def pdf(company, document_id: int) -> str:
    with company.read() as (session, ctx):
        return pdf_text(print_document(session, ctx, document_id, "pdf").content)


def test_the_german_catalog_translates_every_phrase_the_documents_print():
    assert all_messages() <= set(shipped_catalog("de"))
    assert set(source_messages()) == set(shipped_catalog("de"))


def test_an_english_customer_gets_english_wording_notation_and_article_texts(api, company):
    ids = shop(company)
    put = api.put(f"/api/articles/{ids['valve']}/translations/en",
                  json={"description": "Radiator valve DN 15", "long_description": "Thermostatic, nickel-plated"})
    assert put.status_code == 200
    text = pdf(company, eu_invoice(company, ids))
    assert text.startswith("Invoice RE000001")
    assert "Date Mar 2, 2026" in text and "Customer no. 20002" in text
    assert "Radiator valve DN 15" in text and "Thermostatic, nickel-plated" in text
    assert "Heizkörperventil" not in text and "Kupferrohr 15 mm" in text  # the pipe has no translation
    assert "Total EUR 1,786.00" in text and "Page 1 of 1" in text
    assert [row["language_code"] for row in api.get(f"/api/articles/{ids['valve']}/translations").json()] == ["en"]


def test_a_third_language_is_added_over_the_api_and_prints_in_french_notation(api, company):
    ids = shop(company)
    answer = api.put("/api/document-languages/fr/wording", json={"texts": {
        "Invoice": "Facture", "Date": "Date", "Total": "Total TTC", "Page": "Page", "of": "sur",
        "VAT %(rate)s %% on %(net)s": "TVA %(rate)s %% sur %(net)s"}})
    assert answer.status_code == 200
    rows = {row["msgid"]: row for row in answer.json()}
    assert rows["Invoice"]["printed"] == "Facture" and rows["Quantity"]["printed"] == "Quantity"
    languages = {row["code"]: row for row in api.get("/api/document-languages").json()}
    assert set(languages) == {"de", "en", "fr"} and languages["fr"]["translated"] == 6
    assert languages["fr"]["name"] == "French" and not languages["fr"]["shipped"]
    assert api.patch(f"/api/customers/{ids['bau']}", json={"language_code": "fr"}).status_code == 200
    api.put(f"/api/articles/{ids['valve']}/translations/fr", json={"description": "Robinet de radiateur DN 15"})
    invoice = document(company, "invoice", ids["bau"], [LineInput(article_id=ids["valve"], quantity=D(100))])
    text = pdf(company, invoice)
    assert text.startswith("Facture (draft)")  # what French lacks prints in English
    assert "Robinet de radiateur DN 15" in text and "Quantity" in text
    assert "TVA 19 % sur 2\u202f490,00 473,10" in text and "Total TTC EUR 2\u202f963,10" in text
    assert "Date 2 mars 2026" in text and "Page 1 sur 1" in text


def test_bad_translations_are_refused_naming_the_phrase(api, company):
    refused = api.put("/api/document-languages/fr/wording", json={"texts": {
        "Corrects invoice %(number)s of %(date)s.": "Corrige la facture %(number)s."}})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["rule"] == "placeholders"
    unknown = api.put("/api/document-languages/fr/wording", json={"texts": {"Hello": "Bonjour"}})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["rule"] == "known_phrase"
    assert api.put("/api/document-languages/xx/wording", json={"texts": {}}).status_code == 422
    assert api.get("/api/document-languages/fr/wording").status_code == 200


def test_a_text_block_fills_in_the_customers_language(api, company):
    ids = shop(company)
    with company.write() as (session, ctx):
        block = TextBlock(tenant_id=ctx.tenant_id, code="DANK", usage="header",
                          body="Vielen Dank für Ihren Auftrag, {customer_name}.")
        session.add(block)
        session.flush()
        block_id = block.id
    answer = api.put(f"/api/text-blocks/{block_id}/translations/en",
                     json={"body": "Thank you for your order, {customer_name}."})
    assert answer.status_code == 200
    assert api.put(f"/api/text-blocks/{block_id}/translations/en",
                   json={"body": "Thank you, {contact}."}).status_code == 422
    english = document(company, "quote", ids["dupont"], [LineInput(article_id=ids["valve"], quantity=D(1))],
                       header_text_code="DANK")
    german = document(company, "quote", ids["bau"], [LineInput(article_id=ids["valve"], quantity=D(1))],
                      header_text_code="DANK")
    assert "Thank you for your order, Chauffage Dupont SARL." in pdf(company, english)
    assert "Vielen Dank für Ihren Auftrag, Baumeister Huber GmbH." in pdf(company, german)
