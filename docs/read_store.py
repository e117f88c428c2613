#!/usr/bin/python3
"""Read a caselog store and check its hash chain from Python, with only an LMDB binding
(python3-lmdb) and a CBOR library (python3-cbor2), following docs/FORMAT.md.

    /usr/bin/python3 docs/read_store.py STORE            # verify, print the head
    /usr/bin/python3 docs/read_store.py STORE --events   # also print every event as JSON
    /usr/bin/python3 docs/read_store.py STORE --kept     # also print each kept projection (FORMAT.md §2)
    /usr/bin/python3 docs/read_store.py STORE --events --keys KEYSTORE --master FILE
                                                         # decrypt encrypted sections (FORMAT.md §5, §10;
                                                         # needs python3-cryptography)

Exit 0 when the chain holds, 1 naming the first position that does not.
"""
import hashlib
import json
import struct
import sys
from datetime import datetime, timezone

import cbor2
import lmdb

HEADER = struct.Struct("<32sHHIQQQqq16s16s16s32sIBBBBI")  # 172 bytes, little-endian
assert HEADER.size == 172
HAS_CORRELATION, HAS_CAUSATION, HAS_PERSONAL = 1, 2, 4


def iso(micros):
    moment = datetime.fromtimestamp(micros // 1_000_000, tz=timezone.utc).replace(microsecond=micros % 1_000_000)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if micros % 1_000_000:
        text += (".%03d" % (micros % 1_000_000 // 1000)) if micros % 1000 == 0 else (".%06d" % (micros % 1_000_000))
    return text + "Z"


def uuid(raw):
    h = raw.hex()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def kept_projections(txn, views):
    """Each kept analysts' projection: its entry, and what its saved state holds when the state
    is in layout 4 and was folded for the entry's text (else it is folded again from position 1)."""
    prefix = b"analyst-specs\x00"
    cursor = txn.cursor(db=views)
    if not cursor.set_range(prefix):
        return
    for key, value in cursor:
        if not key.startswith(prefix):
            break
        if not value:
            continue  # dropped by an older caselog
        # Before layout 4 an entry was a JSON object, which starts with "{".
        entry = json.loads(value) if value[:1] == b"{" else cbor2.loads(value)
        line = {"name": entry["name"], "title": entry["title"], "path": entry["path"]}
        saved = txn.get(b"analyst-states\x00" + key[len(prefix):], db=views)
        try:
            state = cbor2.loads(saved) if saved else None
        except Exception:
            state = None  # not CBOR: a JSON state of layouts 1-3, or damaged
        if isinstance(state, dict) and state.get("layout") == 4 and state.get("specText") == entry["text"]:
            line.update(position=state["position"], rows=len(state["rows"]), cases=len(state["cases"]),
                        caseFiles=sum(1 for case in state["cases"] if case[4] is not None))
        else:
            line["state"] = "none: folded again from position 1 when next read"
        print(json.dumps(line, ensure_ascii=False, separators=(",", ":")))


def data_keys(argv):
    """The stream -> data key function of FORMAT.md §10, given --keys KEYSTORE --master FILE; else None."""
    if "--keys" not in argv or "--master" not in argv:
        return None
    import base64
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    master = base64.b64decode(open(argv[argv.index("--master") + 1], "rb").read().split(b"\n")[1])
    env = lmdb.open(argv[argv.index("--keys") + 1], readonly=True, lock=False, max_dbs=4)
    keys = env.open_db(b"keys", create=False)

    def key(stream):
        with env.begin() as txn:
            box = txn.get(stream.encode(), db=keys)
        return None if box is None else AESGCM(master).decrypt(box[:12], box[12:], stream.encode())
    return key


def open_section(section, position, stream, key_of):
    """The envelope-1 bytes of a section (FORMAT.md §5), "erased", or "encrypted" (no key here)."""
    if section == b"\x00":
        return "erased"  # envelope 0: erased; its digest can no longer be checked
    if section[:1] != b"\x02":
        return section
    key = key_of(stream) if key_of else None
    if key is None:
        return "encrypted"  # envelope 2 without its stream's key: destroyed, or not given
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    aad = b"caselog personal section" + position.to_bytes(8, "big") + stream.encode()
    return b"\x01" + AESGCM(key).decrypt(section[1:13], section[13:], aad)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path, show_events, show_kept = sys.argv[1], "--events" in sys.argv[2:], "--kept" in sys.argv[2:]
    key_of = data_keys(sys.argv)
    env = lmdb.open(path, readonly=True, max_dbs=16, subdir=True)
    events = env.open_db(b"events", create=False)
    personal = env.open_db(b"personal", create=False)
    meta = env.open_db(b"meta", create=False)
    try:
        views = env.open_db(b"views", create=False)
    except lmdb.NotFoundError:
        views = None  # a store from before views were kept
    previous, expected = bytes(32), 1
    with env.begin() as txn:
        version = struct.unpack("<I", txn.get(b"format-version", db=meta))[0]
        if version not in (1, 2, 3):  # the records and the chain are the same in all three
            sys.exit(f"format {version} is not described here")
        for key, value in txn.cursor(db=events):
            position = struct.unpack(">Q", key)[0]
            (stored_hash, fmt, flags, length, pos, stream_no, stream_version, occurred, recorded,
             event_id, correlation, causation, personal_digest, personal_length,
             stream_len, type_len, actor_len, _reserved, data_len) = HEADER.unpack_from(value, 0)
            if position != expected or pos != position or length != len(value) or fmt != 1:
                print(f"broken at position {expected}: missing or malformed record")
                return 1
            if hashlib.sha256(previous + value[32:]).digest() != stored_hash:
                print(f"broken at position {position}: the hash does not match")
                return 1
            offset = HEADER.size
            stream = value[offset:offset + stream_len].decode(); offset += stream_len
            kind = value[offset:offset + type_len].decode(); offset += type_len
            actor = value[offset:offset + actor_len].decode(); offset += actor_len
            data = cbor2.loads(value[offset:offset + data_len])
            fields = None
            if flags & HAS_PERSONAL:
                section = txn.get(key, db=personal)
                section = None if section is None else open_section(section, position, stream, key_of)
                if section in ("erased", "encrypted"):
                    fields = section
                elif section is None or hashlib.sha256(section).digest() != personal_digest:
                    print(f"broken at position {position}: the personal-data section does not match its digest")
                    return 1
                else:
                    fields = cbor2.loads(section[17:])
            if show_events:
                line = {"position": position, "case": stream, "version": stream_version, "type": kind,
                        "occurredAt": iso(occurred), "recordedAt": iso(recorded), "actor": actor,
                        "id": uuid(event_id), "data": data}
                if flags & HAS_CORRELATION:
                    line["correlationId"] = uuid(correlation)
                if flags & HAS_CAUSATION:
                    line["causationId"] = uuid(causation)
                if fields is not None:
                    line["personal"] = fields
                line["hash"] = stored_hash.hex()
                print(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
            previous, expected = stored_hash, expected + 1
        indexed = txn.get(b"indexed-through", db=meta)
        indexed_position = struct.unpack("<Q", indexed)[0] if indexed else 0
        if indexed_position > expected - 1:
            print(f"broken at position {expected}: the indexes claim records up to {indexed_position}")
            return 1
        if show_kept and views is not None:
            kept_projections(txn, views)
    print(f"head {expected - 1} {previous.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
