"""Outcomes and evaluations: the evidence that keeps a partnership funded.

Read top-down: the catalogue of measures (``indicators``, ``catalogue``), the launch and
baselines (``baselines``), monthly values (``values``, ``series``, ``values_import``), the
aggregation rules, pure (``summaries``) and what they give for every indicator
(``overview``), unit costs and savings against the program's cost (``unit_costs``,
``savings``), evaluations (``evaluations``), the MOU link (``mou_links``), the dashboard's
figures (``attention``), calendar events (``calendar``), the report's charts (``charts``),
the evaluation report (``report``) and workbook (``workbook``), and the demo data (``demo``).
"""
