"""The classroom harness: simulated students that speak Streamlit's websocket protocol
(no browser), a lesson script with per-student checks, and a class runner that measures
per-action times and the server's memory. Run by ``make bench`` (section ``classroom``),
by ``tests/test_classroom.py`` and by the cluster test."""
