"""workbench.library: the on-disk template library, its index, search, exchange and seed."""

from workbench.library.errors import StaleVersionError
from workbench.library.search import best_first, matches
from workbench.library.seed import seed_library
from workbench.library.store import STARTER_DIR, ImportResult, Library, LibraryEntry
