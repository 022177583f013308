"""The Knowledge page's sections: collections, upload, documents, preview, repair."""

from workbench.ui.knowledge.browse import documents_section, retrieval_preview
from workbench.ui.knowledge.common import all_collections, language_notice, notice, open_store
from workbench.ui.knowledge.fleet import embedder_notices
from workbench.ui.knowledge.ingest import upload_section
from workbench.ui.knowledge.panels import (
    collection_picker,
    collections_table,
    create_form,
    delete_section,
    reindex_section,
)
from workbench.ui.knowledge.partial import repair_section
from workbench.ui.knowledge.vision import vision_section
from workbench.ui.knowledge.web import web_section
