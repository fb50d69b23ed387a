"""Streamlit's floor: a one-line page, served like the app to time a new session."""

import streamlit as st

st.write("Hello from a one-line Streamlit page.")
