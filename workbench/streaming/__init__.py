"""workbench.streaming: when to redraw a streamed text, and which part of it is settled."""

from workbench.streaming.blocks import MAX_TAIL, Blocks
from workbench.streaming.throttle import Throttle
