"""The figures engine: every figure a screen, a slide, a report or an export shows.

Consumers call :func:`models.figures.service.briefing` only. The modules, each importing only
those listed after it (``.importlinter``, contract ``figures-layers``):

==============  ==================================================================================
``service``     the entry point: access check, the day of the figures, the choice of source
``memo``        a running dashboard's cache of large catchments, read again only where changed
``kept``        the figures from the kept tables (rollups, closure, states), when they are exact
``events``      the figures from the event log, for any tree and day
``problems``    the problem-cell rules over a scope's figures; no database access
``scope``       a catchment's figures added up, the sections built from them, the target rule
``counts``      an organisation's counts, typed and addable (what both sources fill)
``sql``         the SQL pieces the two sources share (pipeline, Regulation 213, age, filters)
``data``        the frozen dataclasses every consumer receives
``reference``   the figures of one organisation from the event log alone (for the tests)
``makeup``      the members' make-up at a day: ages, women, minorities, religion, levels, areas
==============  ==================================================================================

Below the package: :mod:`models.rolls` (which roll event counts on a day, when probation
ends) and :mod:`models.forest` (where each organisation counts on a day).
"""
