"""The on-disk template library: versioned YAML files, search, import/export and the starter set."""

from workbench.library.errors import StaleVersionError
from workbench.library.search import best_first, matches
from workbench.library.seed import seed_library
from workbench.library.store import STARTER_DIR, ImportResult, Library, LibraryEntry
