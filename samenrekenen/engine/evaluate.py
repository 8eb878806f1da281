"""Vectorised evaluation of a compiled scenario over a batch of variants.

Arrays carry the axes ``[batch, entity, component, category, year]`` (entities: participants,
then the share). Everything is numpy; Python loops run over lines and keys only, never cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from ..model import KeyKind
from .compile import BEARER_MEMBERS, CompiledCase, CompiledLine, CompiledScenario, KeySpec
from .results import CLASS_OF_COMPONENT, N_COMPONENTS, Component, FloatArray
from .timeline import activation, delay_shift

IntArray = NDArray[np.int64]

CLASSES = ("b", "c", "d")
CHARGED = {"b": Component.CHARGED_B, "c": Component.CHARGED_C, "d": Component.CHARGED_D}


@dataclass
class Variants:
    """The batch: per-variant inputs. Arrays have a leading batch axis of the same length.

    ``visible``/``hidden``: baseline amounts ``[batch, participants, categories]``;
    ``values``: per scenario, line schedules ``[batch, lines, years]``;
    ``members``: per scenario ``[batch, participants]`` (1 = member);
    ``delay_months``: per scenario ``[batch]``;
    ``drivers``: volumes ``[batch, driver, participant, year]`` (None: the compiled case's).
    """

    visible: FloatArray
    hidden: FloatArray
    values: list[FloatArray]
    members: list[FloatArray]
    delay_months: list[FloatArray]
    drivers: FloatArray | None = None

    @property
    def size(self) -> int:
        """Number of variants."""
        return int(self.visible.shape[0])

    def take(self, start: int, stop: int) -> Variants:
        """The variants ``start:stop`` (for chunked evaluation)."""
        return Variants(
            self.visible[start:stop],
            self.hidden[start:stop],
            [v[start:stop] for v in self.values],
            [m[start:stop] for m in self.members],
            [d[start:stop] for d in self.delay_months],
            None if self.drivers is None else self.drivers[start:stop],
        )


def single_variant(cc: CompiledCase) -> Variants:
    """The case itself as a batch of one."""
    return Variants(
        visible=cc.visible[None],
        hidden=cc.hidden[None],
        values=[
            np.stack([ln.values for ln in s.lines])[None]
            if s.lines
            else np.zeros((1, 0, len(cc.years)))
            for s in cc.scenarios
        ],
        members=[s.members[None] for s in cc.scenarios],
        delay_months=[np.array([s.delay_months]) for s in cc.scenarios],
    )


@dataclass
class LineDetail:
    """What one line contributes to one entity (batch of one only)."""

    line: CompiledLine
    entity: int
    component: Component
    category: int
    cost: FloatArray
    cash: FloatArray


@dataclass
class ScenarioArrays:
    """Evaluated scenario: components per entity, investment outlays, residual value, charges.

    ``components`` ``[batch, entity, component, category, year]`` and ``outlays`` ``[batch,
    entity, category, year]``; evaluated with ``per_category=False`` their category axis has
    length 1 and holds the sum over categories."""

    components: FloatArray
    outlays: FloatArray
    residual: FloatArray
    members: FloatArray
    details: list[LineDetail] = field(default_factory=list)
    transferred: FloatArray | None = None
    """What each participant transferred to the share in the knip ``[batch, participant,
    year]`` (indexed baseline amounts, before the share's own changes)."""
    book_value: FloatArray | None = None
    """Book value at 31 December of the scenario's investments per entity ``[batch, entity,
    year]`` (only with line detail)."""

    def substitute_non_members(self, baseline: ScenarioArrays) -> None:
        """Participants outside the scenario keep their baseline-scenario results exactly."""
        n_participants = self.members.shape[1]
        outside = self.members < 0.5
        if not outside.any():
            return
        mask5 = outside[:, :, None, None, None]
        part = slice(0, n_participants)
        self.components[:, part] = np.where(
            mask5, baseline.components[:, part], self.components[:, part]
        )
        self.outlays[:, part] = np.where(
            outside[:, :, None, None], baseline.outlays[:, part], self.outlays[:, part]
        )
        self.residual[:, part] = np.where(
            outside, baseline.residual[:, part], self.residual[:, part]
        )
        if self.book_value is not None and baseline.book_value is not None:
            self.book_value[:, part] = np.where(
                outside[:, :, None], baseline.book_value[:, part], self.book_value[:, part]
            )
        if self.transferred is not None:
            self.transferred = np.where(outside[:, :, None], 0.0, self.transferred)
        if baseline.details:
            gone = set(np.flatnonzero(outside[0]).tolist())
            self.details = [d for d in self.details if d.entity not in gone] + [
                d for d in baseline.details if d.entity in gone
            ]


class _Evaluator:
    """State of one scenario evaluation over one chunk of variants."""

    def __init__(
        self, cc: CompiledCase, cs: CompiledScenario, v: Variants, s: int, per_category: bool
    ) -> None:
        self.cc, self.cs = cc, cs
        self.n_batch = v.size
        self.n_part = len(cc.participants)
        self.n_cat = len(cc.categories)
        self.n_years = len(cc.years)
        self.per_category = per_category
        self.visible, self.hidden = _shared(v.visible), _shared(v.hidden)
        self.members = v.members[s]
        self.delay = _shared(v.delay_months[s])
        self.drivers = cc.drivers[None] if v.drivers is None else _shared(v.drivers)
        self.schedules = self._schedules(_shared(v.values[s]))
        # Without the category axis the stored arrays keep one "category": the sum.
        n_out = self.n_cat if per_category else 1
        shape = (self.n_batch, cc.n_entities, N_COMPONENTS, n_out, self.n_years)
        self.components = np.zeros(shape)
        self.outlays = np.zeros((self.n_batch, cc.n_entities, n_out, self.n_years))
        self.residual = np.zeros((self.n_batch, cc.n_entities))
        self.residual[:, : self.n_part] = cc.existing_residual[None]
        self.share_by_key = np.zeros((len(cs.keys), self.n_batch, 3, n_out, self.n_years))
        self.origin_charges = np.zeros((self.n_batch, self.n_part, n_out, self.n_years))
        self.transferred = np.zeros((self.n_batch, self.n_part, self.n_years))
        self.purchases: dict[int, FloatArray] = {}
        self.details: list[LineDetail] = []
        self.book_value: FloatArray | None = None

    def _schedules(self, values: FloatArray) -> FloatArray:
        lines = self.cs.lines
        if not lines:
            return values
        # Asset retirements are not shifted here: see _retirement_schedule.
        delayable = np.array([ln.delayable and ln.kind != "retirement" for ln in lines])
        if delayable.any() and np.any(self.delay > 0):
            if self.delay.shape[0] > values.shape[0]:
                # Shared schedules with a delay per variant are shifted per variant.
                values = np.broadcast_to(values, (self.delay.shape[0], *values.shape[1:]))
            values = np.where(delayable[None, :, None], delay_shift(values, self.delay), values)
        phased = np.array([ln.phased for ln in lines])
        if phased.any():
            act = activation(self.cs.phases, self.delay, self.n_years)
            values = np.where(phased[None, :, None], values * act[:, None, :], values)
        return values

    def _category(self, category: int) -> int:
        """Where a category's amounts are stored."""
        return category if self.per_category else 0

    def _stored(self, amounts: FloatArray) -> FloatArray:
        """Amounts ``[..., category, year]`` as stored: summed over categories if so asked."""
        return amounts if self.per_category else amounts.sum(axis=-2, keepdims=True)

    def run(self, detail: bool) -> ScenarioArrays:
        assert self.per_category or not detail, "line detail needs the category axis"
        self.detail = detail
        if detail:
            self.book_value = np.zeros((self.n_batch, self.cc.n_entities, self.n_years))
        self._baseline_and_transfers()
        self._amount_lines()
        self._charges()
        return ScenarioArrays(
            self.components,
            self.outlays,
            self.residual,
            self.members,
            self.details,
            self.transferred,
            self.book_value,
        )

    def _baseline_and_transfers(self) -> None:
        cc, cs = self.cc, self.cs
        index = cs.index[None, None]
        base_visible = self.visible[:, :, :, None] * index
        base_hidden = self.hidden[:, :, :, None] * index
        merge, first, group_of = self._participant_categories()
        shape = (self.n_batch, self.n_part, first.size, self.n_years)
        q_share = np.zeros((self.schedules.shape[0], self.n_cat, self.n_years))
        q_part = np.zeros(shape)
        for i, line in enumerate(cs.lines):
            if line.kind == "level_pct":
                q = self.schedules[:, i] / 100.0
                self._add_level_pct(line, q, q_part, q_share, group_of[line.category])
        pct = self._transfers(base_visible + base_hidden, 1.0 + q_share, first)
        # Without percent changes at participants the factor is exactly 1: skip its passes.
        at_participants = any(ln.kind == "level_pct" and ln.bearer != cc.share for ln in cs.lines)
        part_factor: FloatArray | float = 1.0 + q_part if at_participants else 1.0
        keep = np.ones(shape) if pct is None else np.subtract(1.0, pct, out=pct)
        participants = self.components[:, : self.n_part]
        for component, base in (
            (Component.RETAINED_VISIBLE, base_visible),
            (Component.RETAINED_HIDDEN, base_hidden),
        ):
            grouped = base if merge is None else merge.T @ base
            participants[:, :, component] = self._retained(grouped, keep, part_factor)
        participants[:, :, Component.EXISTING_CAPITAL] = self._stored(cc.existing_charges[None])

    def _participant_categories(self) -> tuple[FloatArray | None, IntArray, IntArray]:
        """The categories participants' retained parts are evaluated in: ``[category, group]``
        0/1 matrix (None: each category apart), each group's first category, each category's
        group. Summed over categories, categories that every transfer and every percent change
        at a participant treat alike form one group: their fractions are equal, so the group's
        summed baseline gives the same sum as its categories one by one."""
        categories = np.arange(self.n_cat)
        if self.per_category:
            return None, categories, categories
        # One row per transfer (its category mask) and per percent change at participants
        # (its category); categories with equal columns are treated alike.
        lines = self.cs.lines
        rows = [
            ln.category_mask
            for ln in lines
            if ln.kind == "transfer" and ln.category_mask is not None
        ]
        rows += [
            (categories == ln.category).astype(np.float64)
            for ln in lines
            if ln.kind == "level_pct" and ln.bearer != self.cc.share
        ]
        treatment = np.array(rows, dtype=np.float64).reshape(len(rows), self.n_cat)
        _, first, group_of = np.unique(treatment.T, axis=0, return_index=True, return_inverse=True)
        merge = (group_of[:, None] == np.arange(first.size)[None, :]).astype(np.float64)
        return merge, first, group_of

    def _transfers(
        self, base_total: FloatArray, share_factor: FloatArray, first: IntArray
    ) -> FloatArray | None:
        """Book the transfers (knip): what each participant transfers, the share's inflow and
        its charges. Returns the transferred fraction ``[batch, participant, group, year]``
        in the groups of categories with first categories ``first`` (None without transfers),
        for the caller to use up."""
        pct: FloatArray | None = None
        # Summed over categories, the share's inflow is gathered already raised (see
        # _transfer_totals); per category it is raised at the end.
        inflow_categories = self.n_cat if self.per_category else 1
        transferred_in = np.zeros((self.n_batch, inflow_categories, self.n_years))
        for i, line in enumerate(self.cs.lines):
            if line.kind != "transfer":
                continue
            assert line.participant_mask is not None and line.category_mask is not None
            factor = (
                self.schedules[:, i, None, :]
                * (line.participant_mask[None, :] * self.members)[:, :, None]
            )
            weight = factor[:, :, None, :] * line.category_mask[first][None, None, :, None]
            pct = weight if pct is None else pct + weight
            if not self.per_category:
                transferred_in += self._transfer_totals(line, factor, base_total, share_factor)
                continue
            moved = weight * base_total
            self.transferred += moved.sum(axis=2)
            transferred_in += moved.sum(axis=1)
            self._charge_transfer(line, moved * share_factor[:, None])
        self.components[:, self.cc.share, Component.TRANSFERRED_IN] = (
            transferred_in * share_factor if self.per_category else transferred_in
        )
        return pct

    def _retained(
        self, base: FloatArray, keep: FloatArray, factor: FloatArray | float
    ) -> FloatArray:
        """What participants retain of a baseline part, ``base · keep · factor``, as stored."""
        if self.per_category:
            return base * keep * factor
        # Summed in one pass over the operands, without the products per category.
        if isinstance(factor, float):
            return np.einsum("...ct,...ct->...t", base, keep)[..., None, :]
        return np.einsum("...ct,...ct,...ct->...t", base, keep, factor)[..., None, :]

    def _transfer_totals(
        self, line: CompiledLine, factor: FloatArray, base_total: FloatArray, share: FloatArray
    ) -> FloatArray:
        """Summed over categories: a transfer moves ``factor · category mask · base_total``
        (``factor`` ``[batch, participant, year]``), so its sums over categories are ``factor``
        times sums of the batch-shared base, never formed per participant and category. Books
        what each participant transferred and its charge; returns the share's inflow raised by
        its level factor ``share``, ``[batch, 1, year]``."""
        assert line.category_mask is not None
        covered = base_total * line.category_mask[:, None]
        self.transferred += factor * covered.sum(axis=2)
        raised = factor * np.einsum("...pct,...ct->...pt", covered, share)
        self._charge_transfer(line, raised[:, :, None])
        return raised.sum(axis=1)[:, None]

    def _add_level_pct(
        self,
        line: CompiledLine,
        q: FloatArray,
        q_part: FloatArray,
        q_share: FloatArray,
        group: int,
    ) -> None:
        """Add a percent change to the share's factor (per category) or to the participants'
        (in the category's group, see _participant_categories)."""
        if line.bearer == self.cc.share:
            q_share[:, line.category] += q
        elif line.bearer == BEARER_MEMBERS:
            q_part[:, :, group] += q[:, None, :] * self.members[:, :, None]
        else:
            q_part[:, line.bearer, group] += q * self.members[:, line.bearer, None]

    def _charge_transfer(self, line: CompiledLine, moved: FloatArray) -> None:
        if self.cs.keys[line.charge_key].kind is KeyKind.ORIGIN:
            self.origin_charges += self._stored(moved)
        else:
            self.share_by_key[line.charge_key, :, 1] += self._stored(moved.sum(axis=1))

    def _amount_lines(self) -> None:
        for i, line in enumerate(self.cs.lines):
            if line.kind in ("amount", "investment", "retirement"):
                self._amount_line(i, line)
        for i, line in enumerate(self.cs.lines):
            if line.kind == "markup":
                self._markup(i, line)

    def _retirement_schedule(self, i: int, line: CompiledLine) -> FloatArray:
        """An asset retirement happens in a year, so a delay moves it by whole years only:
        charges stop from that year on and the book value at its 1 January is written off."""
        whole = 12.0 * np.floor_divide(self.delay, 12) if line.delayable else 0.0 * self.delay
        year = ((line.retire_month + whole) / 12.0)[:, None]
        t = np.arange(self.n_years)[None, :]
        mask = t >= year if line.component is Component.EXISTING_CAPITAL else t == year
        return np.where(mask, self.schedules[:, i], 0.0)

    def _amount_line(self, i: int, line: CompiledLine) -> None:
        schedule = (
            self._retirement_schedule(i, line)
            if line.kind == "retirement"
            else self.schedules[:, i]
        )
        amounts = schedule[:, None, :] * self._bearer_weights(line) * line.sign
        if line.indexed:
            amounts = amounts * self.cs.index[line.category][None, None, :]
        if line.entity_factor is not None:
            amounts = amounts * line.entity_factor[None, :, None]
        if line.kind == "investment":
            self._investment(i, line, amounts)
            return
        if line.residual_change:
            whole = 12.0 * np.floor_divide(self.delay, 12) if line.delayable else 0.0
            inside = (line.retire_month + whole) < 12.0 * self.n_years
            owner = line.bearer
            self.residual[:, owner] += (
                np.where(inside, line.residual_change, 0.0) * self.members[:, owner]
            )
        self._book(line, line.component, amounts, amounts)

    def _investment(self, i: int, line: CompiledLine, purchases: FloatArray) -> None:
        assert line.charge_matrix is not None and line.book_matrix is not None
        self.purchases[i] = purchases
        charges = np.einsum("bes,est->bet", purchases, line.charge_matrix)
        self.residual += np.einsum("bes,es->be", purchases, line.book_matrix[:, :, -1])
        if self.book_value is not None:
            self.book_value += np.einsum("bes,est->bet", purchases, line.book_matrix)
        self.outlays[:, :, self._category(line.category)] += purchases
        self._book(line, Component.NEW_CAPITAL, charges, purchases)

    def _markup(self, i: int, line: CompiledLine) -> None:
        pct = self.schedules[:, i, None, :] / 100.0
        for ref in line.refs:
            investment = self.cs.lines[ref]
            amounts = pct * self.purchases[ref]
            target = replace(
                investment, id=line.id, line_type=line.line_type, description=line.description
            )
            self._book(target, Component.ONE_OFF, amounts, amounts)

    def _book(
        self, line: CompiledLine, component: Component, cost: FloatArray, cash: FloatArray
    ) -> None:
        """Add a line's amounts per entity ``[batch, entity, year]`` to the components."""
        category = self._category(line.category)
        self.components[:, :, component, category] += cost
        share = self.cc.share
        cls = CLASSES.index(CLASS_OF_COMPONENT[component])
        self.share_by_key[line.charge_key, :, cls, category] += cost[:, share]
        if self.detail:
            non_cash = component in (Component.EXISTING_CAPITAL, Component.DISINVESTMENT)
            cash_view = np.zeros_like(cash) if non_cash else cash
            for e in np.flatnonzero(np.abs(cost[0]).sum(axis=1) + np.abs(cash_view[0]).sum(axis=1)):
                self.details.append(
                    LineDetail(line, int(e), component, line.category, cost[0, e], cash_view[0, e])
                )

    def _bearer_weights(self, line: CompiledLine) -> FloatArray:
        """Multiplier per entity and year ``[batch, entity, year]`` of a line's basis and bearer."""
        out = np.zeros((self.n_batch, self.cc.n_entities, self.n_years))
        members = self.members
        if line.basis == "per_driver":
            own = (
                self.drivers[:, line.driver]
                if line.driver >= 0
                else np.zeros((1, self.n_part, self.n_years))
            )
        else:
            own = np.ones((1, self.n_part, self.n_years))
        if line.bearer == self.cc.share or (
            line.bearer == BEARER_MEMBERS and line.alloc_key is not None
        ):
            if line.basis == "fixed":
                total = np.ones((self.n_batch, self.n_years))
            else:
                total = (own * members[:, :, None]).sum(axis=1)
            if line.bearer == self.cc.share:
                out[:, self.cc.share] = total
            else:
                assert line.alloc_key is not None
                out[:, : self.n_part] = total[:, None, :] * self._key_weights(line.alloc_key)
        elif line.bearer == BEARER_MEMBERS:
            out[:, : self.n_part] = own * members[:, :, None]
        else:
            p = line.bearer
            out[:, p] = own[:, p] * members[:, p, None]
        return out

    def _key_weights(self, key: int) -> FloatArray:
        """Normalised weights ``[batch, participant, year]`` of a key over the members."""
        spec: KeySpec = self.cs.keys[key]
        members = self.members[:, :, None]
        if spec.kind is KeyKind.DRIVER:
            raw = (
                self.drivers[:, spec.driver] * members
                if spec.driver >= 0
                else np.zeros((self.n_batch, self.n_part, self.n_years))
            )
        elif spec.kind is KeyKind.FIXED:
            raw = np.asarray(spec.fixed)[None, :, None] * members
        elif spec.kind is KeyKind.ORIGIN:
            raw = self.transferred * members
        else:
            raw = np.broadcast_to(members, (self.n_batch, self.n_part, self.n_years))
        raw = np.broadcast_to(raw, (self.n_batch, self.n_part, self.n_years))
        total = raw.sum(axis=1, keepdims=True)
        n_members = members.sum(axis=1, keepdims=True)
        equal = np.divide(members, n_members, out=np.zeros_like(members), where=n_members > 0)
        weights = np.divide(raw, total, out=np.zeros_like(raw), where=total > 0)
        return np.where(total > 0, weights, equal)

    def _charges(self) -> None:
        charged = np.zeros((self.n_batch, self.n_part, *self.share_by_key.shape[2:]))
        for k in range(len(self.cs.keys)):
            pool = self.share_by_key[k]
            if not pool.any():
                continue
            weights = self._key_weights(k)
            charged += weights[:, :, None, None, :] * pool[:, None]
        charged[:, :, 1] += self.origin_charges
        for cls, name in enumerate(CLASSES):
            self.components[:, : self.n_part, CHARGED[name]] = charged[:, :, cls]


def evaluate_scenario(
    cc: CompiledCase, s: int, variants: Variants, detail: bool = False, per_category: bool = True
) -> ScenarioArrays:
    """Evaluate scenario ``s`` of the compiled case for every variant; with ``per_category=False``
    the results are summed over categories (see :class:`ScenarioArrays`), which is all that
    entity totals need and far less memory to write and read."""
    return _Evaluator(cc, cc.scenarios[s], variants, s, per_category).run(detail)


def _shared(array: FloatArray) -> FloatArray:
    """An input whose batch axis is a broadcast (one value for every variant, stride 0) at batch
    1, so that what is derived from it alone is computed once, not once per variant."""
    if array.ndim and array.shape[0] > 1 and array.strides[0] == 0:
        return array[:1]
    return array
