"""What a browser page reads from Streamlit's websocket messages, as JavaScript: the one
reader shared by the browser tests' run counter (tests/browser/conftest.py) and the
browser bench's marks (bench/browser_section.py)."""

# ``(data) => found``: the top-level fields 4 (``ForwardMsg.new_session``: present, a run
# started) and 6 (``ForwardMsg.script_finished``: its status) of one binary ForwardMsg,
# read from the protobuf wire format without the protobuf library.
TOP_FIELDS_JS = """(data) => {
    const found = {};
    if (!(data instanceof ArrayBuffer)) return found;
    const b = new Uint8Array(data);
    let i = 0;
    const varint = () => {
      let v = 0, shift = 0, x;
      do { x = b[i++]; v += (x & 0x7f) * 2 ** shift; shift += 7; } while (x & 0x80 && i < b.length);
      return v;
    };
    while (i < b.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) { const v = varint(); if (field === 6) found[6] = v; }
      else if (wire === 2) { const n = varint(); if (field === 4) found[4] = true; i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return found;
  }"""
