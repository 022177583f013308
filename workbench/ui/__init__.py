"""The only package that imports streamlit: shared widgets, resources, one subpackage a page."""
