"""A Streamlit client without a browser: the websocket protocol a browser tab speaks.

One :class:`Student` is one browser tab. It opens ``/_stcore/stream`` (subprotocols
``streamlit``, the XSRF cookie, and the last session id when it reconnects, as the
frontend does), asks for script runs with ``BackMsg.rerun_script`` (query string, page
name or page script hash, widget states) and collects the ``ForwardMsg`` stream until
``script_finished``. Widgets are found by their key: a keyed widget's element id ends
with ``-{key}`` in the delta messages. Uploads go the frontend's way: a
``file_urls_request``, a multipart PUT to the returned ``/_stcore/upload_file/...`` URL
with the XSRF header, then a rerun carrying the uploader's ``FileUploaderState``.

Differences to a browser, on purpose: a rerun sends the states of the widgets changed by
that action only (the server keeps every other widget's value), and no message cache
(``cached_message_hashes`` is empty, so the server sends every message in full).
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLs, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
XSRF = "_streamlit_xsrf"


class ProtocolError(RuntimeError):
    """The server answered in a way the lesson cannot go on from (a closed socket, a
    refused upload, a missing widget, a timeout)."""


@dataclass
class Run:
    """What one script run sent back: its time, its elements and its widgets."""

    ms: float  # message sent -> script_finished received
    texts: list[tuple[str, str]] = field(default_factory=list)  # (element kind, text)
    widgets: dict[str, tuple[str, object]] = field(default_factory=dict)  # key -> (id, proto)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # st.error boxes
    query_string: str | None = None  # what the page wrote into the URL
    media: list[str] = field(default_factory=list)  # image urls (st.image)
    status: str = ""

    def text(self, kind: str | None = None) -> str:
        return "\n".join(t for k, t in self.texts if kind is None or k == kind)


SHARE_LINK = "tconv_share_link"  # tconv.ui.sharing.COMPONENT_NAME (no streamlit import here)


def _element_texts(element) -> tuple[str, str] | None:
    kind = element.WhichOneof("type")
    if kind == "markdown":
        return kind, element.markdown.body
    if kind == "heading":
        return kind, element.heading.body
    if kind == "code":
        return kind, element.code.code_text
    if kind == "bidi_component" and element.bidi_component.component_name == SHARE_LINK:
        part = element.bidi_component  # the Playground's share link (tconv.ui.sharing)
        data = part.json if part.WhichOneof("data") == "json" else part.mixed.json
        return "share_link", json.loads(data)["url"]
    if kind == "alert":
        return kind, element.alert.body
    if kind == "exception":
        return kind, f"{element.exception.type}: {element.exception.message}"
    if kind == "bidi_component":  # a custom component's data (e.g. the share link's box)
        bc = element.bidi_component
        data = bc.json if bc.WhichOneof("data") == "json" else bc.mixed.json
        try:
            values = json.loads(data) if data else {}
        except ValueError:
            return kind, data
        if isinstance(values, dict):
            return kind, "\n".join(str(v) for v in values.values() if isinstance(v, str))
        return kind, data
    return None


def widget_state(widget_id: str, kind: str, proto, value) -> WidgetState:
    """The ``WidgetState`` a browser sends when the learner sets ``value`` on a widget."""
    ws = WidgetState(id=widget_id)
    if kind == "number_input":
        ws.double_value = float(value)
    elif kind == "slider":
        ws.double_array_value.data[:] = [
            float(v) for v in (value if isinstance(value, (list, tuple)) else [value])
        ]
    elif kind in ("selectbox", "radio", "tabs"):
        ws.string_value = str(value)
    elif kind == "button_group":
        ws.string_array_value.data[:] = [str(value)]
    elif kind == "checkbox":
        ws.bool_value = bool(value)
    elif kind == "button":
        ws.trigger_value = True
    else:
        raise ProtocolError(f"setting a {kind} widget is not implemented")
    return ws


def _options(kind: str, proto) -> list[str]:
    return list(getattr(proto, "options", [])) if kind in ("selectbox", "radio") else []


class Student:
    """One browser tab talking to a Streamlit server at ``base`` (e.g.
    ``http://127.0.0.1:8501`` or ``http://127.0.0.1:8080/tconv``)."""

    def __init__(self, base: str, *, timeout: float = 60.0, name: str = "student"):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.name = name
        self.cookies: dict[str, str] = {}
        self.ws = None
        self.session_id: str | None = None
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""
        self.widgets: dict[str, tuple[str, str, object]] = {}  # key -> (id, kind, proto)
        self._inbox: asyncio.Queue | None = None
        self._reader: asyncio.Task | None = None
        self.query = ""  # the address bar's query string, as the page last wrote it
        self.bytes_in = 0

    # -- plain HTTP (health, uploads), through the same cookies as the websocket ------
    def _http(self, method: str, path: str, data: bytes | None = None, headers=None):
        req = urllib.request.Request(self.base + path, data=data, method=method)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        if self.cookies:
            req.add_header("Cookie", self._cookie_header())
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                body, status, hdrs = r.read(), r.status, r.headers
        except urllib.error.HTTPError as e:
            body, status, hdrs = e.read(), e.code, e.headers
        for raw in hdrs.get_all("Set-Cookie") or []:
            pair = raw.split(";", 1)[0]
            if "=" in pair:  # kept raw: the XSRF value holds '|', which quoting would change
                k, v = pair.split("=", 1)
                self.cookies[k.strip()] = v.strip()
        return status, body, hdrs

    def _relative(self, url: str) -> str:
        """A URL or path the server gave (with or without the base path) as a path below
        the base, as the frontend resolves it."""
        path = urllib.parse.urlsplit(url).path
        prefix = urllib.parse.urlsplit(self.base).path.rstrip("/")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :]
        return path if path.startswith("/") else "/" + path

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def http(self, method: str, path: str, data: bytes | None = None, headers=None):
        return await asyncio.to_thread(self._http, method, path, data, headers)

    # -- the websocket -----------------------------------------------------------------
    async def connect(self, reconnect: bool = False) -> None:
        """Health check (it sets the XSRF cookie, and a proxy's affinity cookie), then the
        websocket. ``reconnect`` offers the last session id, as a browser does."""
        status, _, _ = await self.http("GET", "/_stcore/health")
        if status != 200:
            raise ProtocolError(f"health check answered {status}")
        url = "ws" + self.base[len("http") :] + "/_stcore/stream"
        protocols = ["streamlit", self.cookies.get(XSRF, "PLACEHOLDER_AUTH_TOKEN")]
        if reconnect and self.session_id:
            protocols.append(self.session_id)
        origin = urllib.parse.urlsplit(self.base)
        self.ws = await websockets.connect(
            url,
            subprotocols=protocols,
            additional_headers={"Cookie": self._cookie_header()},
            origin=f"{origin.scheme}://{origin.netloc}",
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )
        self._inbox = asyncio.Queue()
        self._reader = asyncio.create_task(self._read(self.ws, self._inbox))

    @staticmethod
    async def _read(ws, inbox: asyncio.Queue) -> None:
        try:
            async for data in ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                await inbox.put((len(data), msg))
        except websockets.ConnectionClosed:
            pass
        finally:
            await inbox.put((0, None))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.wait_for(self._reader, 10)
        self.ws = self._reader = None

    async def _send(self, back: BackMsg) -> None:
        if self.ws is None:
            raise ProtocolError("not connected")
        await self.ws.send(back.SerializeToString())

    async def _collect(self, t0: float) -> Run:
        """Read messages until the script run finishes (not one cut short by a rerun)."""
        run = Run(ms=0.0)
        deadline = t0 + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError(f"no script_finished within {self.timeout:g} s")
            try:
                size, msg = await asyncio.wait_for(self._inbox.get(), left)
            except TimeoutError:
                raise ProtocolError(f"no script_finished within {self.timeout:g} s") from None
            if msg is None:
                raise ProtocolError("the server closed the websocket")
            self.bytes_in += size
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                ns = msg.new_session
                self.session_id = ns.initialize.session_id or self.session_id
                self.page_hash = ns.page_script_hash
                if ns.app_pages:
                    self.pages = {p.url_pathname: p.page_script_hash for p in ns.app_pages}
                run = Run(ms=0.0)  # a new run: what came before belonged to the old one
            elif kind == "navigation":
                nav = msg.navigation
                self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
                self.page_hash = nav.page_script_hash or self.page_hash
            elif kind == "page_info_changed":  # the page wrote its URL (st.query_params)
                run.query_string = self.query = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, run)
            elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":
                self._block(msg.delta.add_block, run)
            elif kind == "ref_hash":
                raise ProtocolError("the server sent a cached-message reference")
            elif kind == "script_finished":
                status = msg.script_finished
                if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the next run follows on its own
                run.ms = (time.perf_counter() - t0) * 1e3
                run.status = FINISHED.Name(status)
                if status not in DONE:
                    run.exceptions.append(run.status)
                return run

    def _element(self, element, run: Run) -> None:
        kind = element.WhichOneof("type")
        text = _element_texts(element)
        if text:
            run.texts.append(text)
            if kind == "exception":
                run.exceptions.append(text[1])
            elif kind == "alert" and element.alert.format == element.alert.ERROR:
                run.errors.append(text[1])
        if kind == "imgs":
            run.media += [img.url for img in element.imgs.imgs]
        proto = getattr(element, kind, None) if kind else None
        wid = getattr(proto, "id", "") if proto is not None else ""
        if isinstance(wid, str) and wid.startswith("$$ID-") and wid.count("-") >= 2:
            key = wid.split("-", 2)[2]
            if key:
                self.widgets[key] = (wid, kind, proto)
                run.widgets[key] = (wid, proto)

    def _block(self, block, run: Run) -> None:
        """Keyed tabs are a widget (their state: the open tab's label)."""
        if block.WhichOneof("type") == "tab_container" and block.tab_container.id:
            wid = block.tab_container.id
            key = wid.split("-", 2)[2] if wid.count("-") >= 2 else ""
            if key:
                self.widgets[key] = (wid, "tabs", block.tab_container)
                run.widgets[key] = (wid, block.tab_container)

    async def _rerun(
        self,
        states: list[WidgetState] = (),
        *,
        page_name: str = "",
        page_hash: str | None = None,
        query: str | None = None,
    ) -> Run:
        back = BackMsg()
        cs = back.rerun_script
        cs.query_string = query if query is not None else ""
        cs.page_script_hash = self.page_hash if page_hash is None else page_hash
        cs.page_name = page_name
        cs.widget_states.widgets.extend(states)
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-US"
        cs.context_info.url = self.base + "/" + page_name
        t0 = time.perf_counter()
        await self._send(back)
        return await self._collect(t0)

    async def reconnect(self) -> Run:
        """What the page does when its websocket drops: connect again (offering the last
        session id) and rerun the page it shows with the URL's query string. On another
        server (a replica that took over) the session is new: the share link in the URL
        is what restores the learner's configuration."""
        await self.close()
        await self.connect(reconnect=True)
        return await self._rerun(page_hash=self.page_hash, query=self.query)

    # -- what a learner does -----------------------------------------------------------
    async def open(self, path: str = "", query: str = "") -> Run:
        """Open a page URL in a new tab (``path`` is the page's url path, e.g.
        ``playground``; ``query`` the share link's query string without ``?``)."""
        if self.ws is None:
            await self.connect()
        self.query = query
        return await self._rerun(page_name=path, page_hash="", query=query)

    async def goto(self, path: str, query: str = "") -> Run:
        """Follow a link or the sidebar to another page of the same session."""
        if path not in self.pages:
            raise ProtocolError(f"no page {path!r} in the navigation ({sorted(self.pages)})")
        self.query = query
        return await self._rerun(page_hash=self.pages[path], query=query)

    def widget(self, key: str) -> tuple[str, str, object]:
        if key not in self.widgets:
            raise ProtocolError(f"no widget with key {key!r} on the page")
        return self.widgets[key]

    async def set(self, **values) -> Run:
        """Set widgets (by key) as a learner would, all at once, and wait for the rerun."""
        states = []
        for key, value in values.items():
            wid, kind, proto = self.widget(key)
            options = _options(kind, proto)
            if options and str(value) not in options:
                raise ProtocolError(f"{key}: {value!r} is not one of {options}")
            states.append(widget_state(wid, kind, proto, value))
        return await self._rerun(states, query=self.query)

    async def upload(self, key: str, name: str, data: bytes, mime: str) -> Run:
        """Upload a file through the file uploader ``key`` and wait for the rerun."""
        wid, kind, _ = self.widget(key)
        if kind != "file_uploader":
            raise ProtocolError(f"{key} is a {kind}, not a file uploader")
        back = BackMsg()
        rid = uuid.uuid4().hex
        back.file_urls_request.request_id = rid
        back.file_urls_request.file_names.append(name)
        back.file_urls_request.session_id = self.session_id or ""
        t0 = time.perf_counter()
        await self._send(back)
        urls = await self._file_urls(rid, t0)
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: {mime}\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, text, _ = await self.http(
            "PUT",
            self._relative(urls.upload_url),
            body,
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.cookies.get(XSRF, ""),
            },
        )
        if status not in (200, 204):
            raise ProtocolError(f"upload answered {status}: {text[:200]!r}")
        ws = WidgetState(id=wid)
        info = UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id)
        info.file_urls.CopyFrom(urls)
        ws.file_uploader_state_value.uploaded_file_info.append(info)
        run = await self._rerun([ws], query=self.query)
        run.ms = (time.perf_counter() - t0) * 1e3  # the upload counts in the action's time
        return run

    async def _file_urls(self, rid: str, t0: float) -> FileURLs:
        deadline = t0 + self.timeout
        while True:
            left = deadline - time.perf_counter()
            try:
                size, msg = await asyncio.wait_for(self._inbox.get(), max(left, 0.001))
            except TimeoutError:
                raise ProtocolError("no file_urls_response") from None
            if msg is None:
                raise ProtocolError("the server closed the websocket")
            self.bytes_in += size
            if msg.WhichOneof("type") == "file_urls_response":
                resp = msg.file_urls_response
                if resp.response_id != rid:
                    continue
                if resp.error_msg or not resp.file_urls:
                    raise ProtocolError(f"upload refused: {resp.error_msg}")
                return resp.file_urls[0]

    async def fetch_media(self, run: Run) -> int:
        """Download the run's images as a browser would; returns the bytes read."""
        total = 0
        for url in run.media:
            status, body, _ = await self.http("GET", self._relative(url))
            if status != 200:
                raise ProtocolError(f"media {url} answered {status}")
            total += len(body)
        return total
