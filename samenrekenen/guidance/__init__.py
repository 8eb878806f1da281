"""Guidance for forming the cooperation (domain §6): content as validated data, rules as
functions of a case.

The content (``*.yaml`` in this folder, schema in :mod:`.content`): the phase model 0–4 with
activities, gates and agreements; cooperation and legal forms with criteria and default
scores; the HR, finance and ICT process lists; checklists and scale facts; collective
provisions and the priority questionnaire; the Bijlage 4 outlines. The rules, applied to a
case's ``formation`` block (:class:`samenrekenen.model.Formation`):

- :mod:`.phases`: activity statuses, gate decisions, :func:`~.phases.timeline`,
  :func:`~.phases.one_year_warning`;
- :mod:`.forms`: :func:`~.forms.rank_forms` and :func:`~.forms.sensitivity`;
- :mod:`.processes`: :func:`~.processes.process_findings` (the knip);
- :mod:`.sourcing`: :func:`~.sourcing.sourcing_matrix` and the outsourcing rule;
- :mod:`.opportunities`: the opportunity map and :func:`~.opportunities.case_from_opportunity`;
- :mod:`.provisions`: classification grid, questionnaire per group (the radar chart is in
  :mod:`samenrekenen.report.guidance_charts`);
- :mod:`.checklists`: checklists, :func:`~.checklists.scale_notices`, the charging link;
- :mod:`.outlines`: :func:`~.outlines.exploration_report` and :func:`~.outlines.programme_plan`.
"""

from .notices import Notice

__all__ = ["Notice"]
