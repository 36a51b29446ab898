"""Stage 1, ingest: a PDF becomes a Document, its pages of text with their numbers.

:mod:`.document` reads (typed errors, page-count checks, the text cache), :mod:`.engines`
holds PDFium and pypdf, :mod:`.quality` flags garbled text layers, :mod:`.textcache`
keeps each file's text so it is extracted once.
"""
