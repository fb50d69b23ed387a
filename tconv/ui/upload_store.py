"""Let go of Streamlit's own copy of an upload once the page has kept the bytes.

Streamlit keeps every uploaded file in its runtime's upload store, keyed by session id and
file id, until the session is shut down. A session whose browser went away is only kept for
``server.disconnectedSessionTTL`` seconds for a reconnect and then dropped from the session
storage *without* being shut down, so its files stay in the store for the life of the
server (a class of 10 left 36.7 MB behind). A new upload that replaces one adds a file
beside the old one. The Photo page keeps the last upload's bytes in the session state, so
it can release the store's copy as soon as it has read it.

This relies on Streamlit internals (checked against 1.67), each used defensively:

- ``streamlit.runtime.get_instance().uploaded_file_mgr``: the runtime's upload store, a
  ``MemoryUploadedFileManager`` whose ``remove_file(session_id, file_id)`` drops one file
  (it is what the uploader's delete URL calls);
- ``streamlit.runtime.scriptrunner.get_script_run_ctx().session_id``: the running session.

After the release, the uploader widget still names the file, and its value on later reruns
is a ``DeletedFile`` (same ``file_id``, no data): callers compare file ids and use the bytes
they kept.
"""

from __future__ import annotations


def release_upload(file_id: str) -> bool:
    """Remove this session's stored copy of upload ``file_id``; True if a file was removed.

    Never raises: without a runtime (AppTest, bare mode) or with a store that cannot remove
    files, it does nothing and returns False."""
    try:
        from streamlit import runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or not file_id or not runtime.exists():
            return False
        store = runtime.get_instance().uploaded_file_mgr
        session_id = ctx.session_id
        if not store.get_files(session_id, [file_id]):
            return False
        store.remove_file(session_id, file_id)
        return not store.get_files(session_id, [file_id])
    except Exception:  # an internal changed: keep the copy rather than break the page
        return False


def held_file_id(upload, key: str) -> str | None:
    """The file id the uploader ``key`` still names, even once its copy was released.

    ``upload`` is what ``st.file_uploader`` returned (None once the copy is gone); the
    widget's state then still holds a ``DeletedFile`` with the id."""
    if upload is not None:
        return upload.file_id
    try:
        import streamlit as st

        return getattr(st.session_state.get(key), "file_id", None)
    except Exception:
        return None


def read_and_release(upload) -> bytes:
    """The upload's bytes, read once; Streamlit's stored copy is released (the caller keeps
    the only copy)."""
    data = upload.getvalue()
    release_upload(upload.file_id)
    return data
