"""The workbench's logic: plain Python, importable and testable without Streamlit."""
