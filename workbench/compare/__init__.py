"""Comparison grids: models x variants x rows x parameter sets, scheduled, run, voted, analysed."""

from workbench.compare.analysis import (
    attempts_frame,
    latency_figure,
    output_length_figure,
    summary_frame,
    tokens_per_second_figure,
    word_diff,
)
from workbench.compare.board import Board, CellState
from workbench.compare.checking import check_attempt, verdict
from workbench.compare.elo import Match, Standing, leaderboard
from workbench.compare.fairness import RunSettings, seeded_grid
from workbench.compare.grid import (
    DEFAULT_CAP,
    Cell,
    GridError,
    GridSpec,
    ParamSet,
    PromptVariant,
    cell_checks,
    check_grid,
    expand_grid,
)
from workbench.compare.handoff import EXPECTED_COLUMN, compare_request, rows_request
from workbench.compare.refusals import Refusal, refused_cells
from workbench.compare.results import DONE, ERROR, METRICS, Attempt
from workbench.compare.rows import rows_from_csv
from workbench.compare.runner import CompareRun
from workbench.compare.schedule import CPU_SAFE, FREE, SchedulePolicy, WaitReason, gpu_policy
from workbench.compare.setup import (
    PARAM_TYPES,
    LoadTemplate,
    check_variant_names,
    clean_rows,
    free_variant,
    grid_variables,
    is_blank,
    param_sets_from_table,
    renderer,
    template_defaults,
    template_variant,
)
from workbench.compare.spec import CompareSpec, capture_environment, cell_from_dict, cell_to_dict
from workbench.compare.spread import on_each_host
from workbench.compare.validity import Check, answer_check, calls_text, check_state, validity_frame
from workbench.compare.votes import (
    BlindPair,
    PairResult,
    PlayerAxis,
    Rating,
    RatingKind,
    blind_pair,
    player_matches,
    ratings_to_results,
)
