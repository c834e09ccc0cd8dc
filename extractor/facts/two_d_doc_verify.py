"""A parsed 2D-DOC's signature checked against its signer's public certificate: valid, invalid or
unknown_certificate.

The signature is ECDSA over the header and message, r‖s (64 bytes on P-256, 96 on P-384, 132 on P-521),
hashed with SHA-256, -384 or -512 by the curve's size. Trusted certificates are those shipped in
extractor/data/two_d_doc/certificates (public ones, each with where it came from), plus those of the
folder named by AES_2DDOC_TRUST: evaluation and tests point it at the generator's test authority,
which no production run trusts.
"""

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from extractor.facts.two_d_doc_parse import ParsedTwoDDoc
from models.two_d_doc import TwoDDocStatus

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "two_d_doc" / "certificates"
TRUST_VARIABLE = "AES_2DDOC_TRUST"
_HASHES = {256: hashes.SHA256, 384: hashes.SHA384, 521: hashes.SHA512}


@dataclass(frozen=True)
class TrustStore:
    keys: dict[tuple[str, str], ec.EllipticCurvePublicKey]

    @classmethod
    def from_folder(cls, folder: Path) -> "TrustStore":
        """A folder with index.json ({"certificates": [{"authority", "certificate", "file", ...}]}) and PEM files."""
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        keys = {}
        for entry in index["certificates"]:
            certificate = x509.load_pem_x509_certificate((folder / entry["file"]).read_bytes())
            key = certificate.public_key()
            if isinstance(key, ec.EllipticCurvePublicKey):
                keys[(entry["authority"], entry["certificate"])] = key
        return cls(keys)

    def __or__(self, other: "TrustStore") -> "TrustStore":
        return TrustStore({**self.keys, **other.keys})


@cache
def _trust(extra: str) -> TrustStore:
    shipped = TrustStore.from_folder(SHIPPED)
    return shipped | TrustStore.from_folder(Path(extra)) if extra else shipped


def installed_trust() -> TrustStore:
    """The shipped certificates, and those of AES_2DDOC_TRUST when set."""
    return _trust(os.environ.get(TRUST_VARIABLE, ""))


def trust_digest() -> str:
    """What the installed trust holds, for cache keys: facts checked with other certificates differ."""
    return _digest(os.environ.get(TRUST_VARIABLE, ""))


@cache
def _digest(extra: str) -> str:
    digest = hashlib.sha256()
    for (authority, certificate), key in sorted(_trust(extra).keys.items()):
        digest.update(f"{authority}/{certificate}".encode())
        digest.update(key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
    return digest.hexdigest()[:16]


def verify(parsed: ParsedTwoDDoc, trust: TrustStore) -> TwoDDocStatus:
    key = trust.keys.get((parsed.header.authority, parsed.header.certificate))
    if key is None:
        return "unknown_certificate"
    size = (key.curve.key_size + 7) // 8
    signature = parsed.signature[:2 * size]
    if len(signature) != 2 * size:
        return "invalid"
    r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
    try:
        key.verify(encode_dss_signature(r, s), parsed.signed, ec.ECDSA(_HASHES[key.curve.key_size]()))
    except InvalidSignature:
        return "invalid"
    return "valid"
