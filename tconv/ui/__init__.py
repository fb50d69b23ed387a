"""Streamlit widgets shared by the pages: the only part of tconv that imports streamlit."""
