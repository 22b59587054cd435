"""Use-cases, figures and documents. Never imports Qt."""
