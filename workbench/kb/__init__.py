"""Knowledge bases: loaders, chunking, the Chroma store, ingest, retrieval and citations."""
