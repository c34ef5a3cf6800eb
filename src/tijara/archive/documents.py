"""The archived contract as the buyer downloads it: a ZIP anyone can verify offline [EC-ARCHIVE-ACCESS].

Inside: `records.json` (every record of the order with its hashes and signature), each payload as the exact
bytes that were hashed (`payloads/`), each record hash and raw signature (`signatures/`), the platform's
public key (PEM and base64), `verify.py` and a README in French, Arabic and English saying how to check it.
"""

import base64
import io
import json
import zipfile

from tijara.archive import signing
from tijara.archive.models import ContractRecord

README = """\
CONTRAT ARCHIVÉ — COMMANDE {number}
====================================
Ce dossier contient l'archive signée de votre contrat (DOC art. 65-4 et 65-7, loi 53-05) : l'enregistrement
de la commande, puis de l'accusé de réception, de la confirmation et des factures, chacun horodaté, chaîné au
précédent enregistrement du vendeur (SHA-256) et signé par la clé Ed25519 de la plateforme.{proof_fr}

Vérifier :
1. payloads/NN-type.json : son SHA-256 (sha256sum) doit être égal à "payload_sha256" dans records.json.
2. record_hash = SHA-256 du texte  prev_hash|payload_sha256|kind|order_id|created_at  (UTF-8, séparés par "|").
3. La signature (signatures/NN-type.sig) signe le texte hexadécimal de record_hash (signatures/NN-type.hash) :
   openssl pkeyutl -verify -pubin -inkey public_key.pem -rawin -in signatures/01-placement.hash -sigfile signatures/01-placement.sig
4. Ou tout en une fois : python3 verify.py   (demande le paquet Python "cryptography").
La clé publique est aussi donnée par la plateforme (tijara archive public-key) : comparez-la à public_key.pem.

عقد مؤرشف — الطلب {number}
=========================
يحتوي هذا الملف على الأرشيف الموقّع لعقدك (ق.ل.ع الفصلان 65-4 و65-7، القانون 53-05): تسجيل الطلب ثم الإشعار
بالتوصل والتأكيد والفواتير، كل منها مؤرخ ومرتبط بالتسجيل السابق للبائع (SHA-256) وموقّع بمفتاح Ed25519 للمنصة.{proof_ar}

التحقق:
1. ملف payloads/NN-type.json: يجب أن تكون بصمته SHA-256 مساوية لـ "payload_sha256" في records.json.
2. record_hash = بصمة SHA-256 للنص  prev_hash|payload_sha256|kind|order_id|created_at  (UTF-8، مفصولة بـ "|").
3. التوقيع (signatures/NN-type.sig) يوقّع النص الست عشري لـ record_hash (signatures/NN-type.hash)، تحقق منه بالأمر openssl أعلاه.
4. أو دفعة واحدة: python3 verify.py  (يتطلب حزمة Python "cryptography").

ARCHIVED CONTRACT — ORDER {number}
==================================
This folder holds the signed archive of your contract (DOC art. 65-4 and 65-7, law 53-05): the order record,
then the acknowledgement, confirmation and invoices, each time-stamped, chained to the seller's previous record
(SHA-256) and signed with the platform's Ed25519 key.{proof_en}

To verify:
1. payloads/NN-kind.json: its SHA-256 (sha256sum) must equal "payload_sha256" in records.json.
2. record_hash = SHA-256 of the text  prev_hash|payload_sha256|kind|order_id|created_at  (UTF-8, "|"-separated).
3. The signature (signatures/NN-kind.sig) signs the hexadecimal text of record_hash (signatures/NN-kind.hash):
   openssl pkeyutl -verify -pubin -inkey public_key.pem -rawin -in signatures/01-placement.hash -sigfile signatures/01-placement.sig
4. Or all at once: python3 verify.py   (needs the Python package "cryptography").
The platform also publishes its public key (tijara archive public-key): compare it with public_key.pem.
"""

PROOF = {
    "fr": "\nCommande de plus de 10 000 MAD : cette archive est la preuve écrite électronique du contrat (DOC art. 443, 417-1).",
    "ar": "\nطلب يفوق 10.000 درهم: هذا الأرشيف هو الإثبات الكتابي الإلكتروني للعقد (ق.ل.ع الفصلان 443 و417-1).",
    "en": "\nOrder above 10,000 MAD: this archive is the written electronic proof of the contract (DOC art. 443, 417-1).",
}

VERIFY_PY = '''\
"""Checks this archived contract: payload hashes, record hashes, signatures and the links between records."""
import base64, hashlib, json, pathlib, sys
from cryptography.hazmat.primitives.serialization import load_pem_public_key

here = pathlib.Path(__file__).parent
key = load_pem_public_key((here / "public_key.pem").read_bytes())
ok = True
previous = None
for r in json.loads((here / "records.json").read_text(encoding="utf-8")):
    payload = (here / r["payload_file"]).read_bytes()
    problems = []
    if hashlib.sha256(payload).hexdigest() != r["payload_sha256"]:
        problems.append("payload altered")
    text = "|".join([r["prev_hash"], r["payload_sha256"], r["kind"], str(r["order_id"]), r["created_at"]])
    if hashlib.sha256(text.encode()).hexdigest() != r["record_hash"]:
        problems.append("record hash wrong")
    try:
        key.verify(base64.b64decode(r["signature"]), r["record_hash"].encode("ascii"))
    except Exception:
        problems.append("signature invalid")
    if previous and r["sequence"] == previous["sequence"] + 1 and r["prev_hash"] != previous["record_hash"]:
        problems.append("does not link to the previous record")
    print(f"#{r['sequence']} {r['kind']}: " + (", ".join(problems) or "OK"))
    ok = ok and not problems
    previous = r
sys.exit(0 if ok else 1)
'''


def contract_zip(*, order_number: str, records: list[ContractRecord]) -> bytes:
    listing = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, record in enumerate(records, start=1):
            stem = f"{index:02d}-{record.kind}"
            archive.writestr(f"payloads/{stem}.json", record.payload_json.encode())
            archive.writestr(f"signatures/{stem}.hash", record.record_hash.encode("ascii"))
            archive.writestr(f"signatures/{stem}.sig", base64.b64decode(record.signature))
            listing.append({
                "id": record.pk, "merchant_id": record.merchant_id, "sequence": record.sequence,
                "order_id": record.order_id, "kind": record.kind, "created_at": signing.time_text(record.created_at),
                "payload_file": f"payloads/{stem}.json", "payload": json.loads(record.payload_json),
                "payload_sha256": record.payload_sha256, "prev_hash": record.prev_hash,
                "record_hash": record.record_hash, "signature": record.signature,
            })
        proof = any(r["kind"] == "placement" and r["payload"].get("written_proof") for r in listing)
        archive.writestr("records.json", json.dumps(listing, ensure_ascii=False, indent=2, sort_keys=True))
        archive.writestr("public_key.pem", signing.public_key_pem())
        archive.writestr("public_key.b64", signing.public_key_b64() + "\n")
        archive.writestr("verify.py", VERIFY_PY)
        archive.writestr("README.txt", README.format(
            number=order_number, **{f"proof_{lang}": PROOF[lang] if proof else "" for lang in PROOF}))
    return buffer.getvalue()
