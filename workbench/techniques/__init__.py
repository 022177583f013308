"""Prompt-engineering techniques: builders, the reverse-prompt chain and tree of thoughts."""

from workbench.techniques.builders import (
    ChainOfThoughtSpec,
    CombinationSpec,
    Example,
    RoleSpec,
    ShotSpec,
    StructuredSpec,
    TreeSpec,
    chain_of_thought,
    combination_prompt,
    rag_answer,
    role_prompt,
    shot_prompt,
    structured_prompt,
    tree_of_thoughts_prompt,
)
from workbench.techniques.reverse_chain import (
    Chain,
    ReverseSpec,
    build_chain,
    reverse_prompt_chain,
    strip_fence,
    template_from_prompt,
    variabilize,
)
from workbench.techniques.tree import ThoughtNode, ThoughtTree, tree_of_thoughts
