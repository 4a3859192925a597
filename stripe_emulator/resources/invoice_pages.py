"""The pages behind `hosted_invoice_url` (HTML) and `invoice_pdf` (a small hand-written, valid PDF)."""

import copy
from html import escape
from typing import Any

from flask import Blueprint, Response, abort

from ..endpoints import current_store
from .billing_math import day_text, money

blueprint = Blueprint("emulator_invoice_pages", __name__)

STATUS_TEXT = {"open": "Due", "paid": "Paid", "void": "Void", "uncollectible": "Uncollectible", "draft": "Draft"}


def _finalized_invoice(invoice_id: str) -> dict[str, Any]:
    store = current_store()
    with store.lock:
        invoice = store.find(invoice_id)
        if invoice is None or invoice.get("object") != "invoice" or invoice["status"] == "draft":
            abort(404)
        return copy.deepcopy(invoice)


def summary_rows(invoice: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, amount) rows shown on both the page and the PDF."""
    currency = invoice["currency"]
    rows = [(item["description"] or "", money(item["amount"], currency)) for item in invoice["lines"]["data"]]
    rows.append(("Subtotal", money(invoice["subtotal"], currency)))
    for entry in invoice["total_discount_amounts"] or []:
        rows.append(("Discount", money(-entry["amount"], currency)))
    rows.append(("Total", money(invoice["total"], currency)))
    if invoice["starting_balance"]:
        rows.append(("Applied balance", money(invoice["starting_balance"], currency)))
    rows.append(("Amount paid", money(invoice["amount_paid"], currency)))
    rows.append(("Amount remaining", money(invoice["amount_remaining"], currency)))
    return rows


def _heading(invoice: dict[str, Any]) -> list[str]:
    return [f"Invoice {invoice['number']}", f"Status: {STATUS_TEXT.get(invoice['status'], invoice['status'])}",
            f"Date: {day_text(invoice['created'])}",
            f"Billed to: {invoice['customer_name'] or invoice['customer_email'] or invoice['customer']}"]


@blueprint.get("/invoices/<invoice_id>")
def hosted_invoice(invoice_id: str) -> Response:
    invoice = _finalized_invoice(invoice_id)
    heading = _heading(invoice)
    rows = "".join(f"<tr><td>{escape(label)}</td><td class=amount>{escape(amount)}</td></tr>"
                   for label, amount in summary_rows(invoice))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(heading[0])}</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto}}td.amount{{text-align:right}}
table{{width:100%;border-collapse:collapse}}td{{border-bottom:1px solid #ddd;padding:.4rem}}</style></head>
<body><h1>{escape(heading[0])}</h1>{''.join(f'<p>{escape(text)}</p>' for text in heading[1:])}
<table>{rows}</table><p><a href="{escape(invoice['invoice_pdf'] or '')}">Download PDF</a></p></body></html>"""
    return Response(page, mimetype="text/html")


def _pdf_text(text: str) -> str:
    ascii_text = text.replace("×", "x").replace("€", "EUR ").replace("£", "GBP ")
    ascii_text = ascii_text.encode("latin-1", "replace").decode("latin-1")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def render_pdf(lines: list[tuple[str, str]], heading: list[str]) -> bytes:
    """A one-page A4 PDF (Helvetica) with the heading and two-column rows, with a correct xref table."""
    ops = ["BT", "/F1 18 Tf", "50 790 Td", f"({_pdf_text(heading[0])}) Tj", "/F1 11 Tf"]
    for text in heading[1:]:
        ops += ["0 -18 Td", f"({_pdf_text(text)}) Tj"]
    ops.append("ET")
    y = 700
    for label, amount in lines:
        ops += ["BT", "/F1 11 Tf", f"50 {y} Td", f"({_pdf_text(label[:80])}) Tj", "ET",
                "BT", "/F1 11 Tf", f"460 {y} Td", f"({_pdf_text(amount)}) Tj", "ET"]
        y -= 18
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


@blueprint.get("/invoices/<invoice_id>/pdf")
def invoice_pdf(invoice_id: str) -> Response:
    invoice = _finalized_invoice(invoice_id)
    body = render_pdf(summary_rows(invoice), _heading(invoice))
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{invoice["number"]}.pdf"'})
