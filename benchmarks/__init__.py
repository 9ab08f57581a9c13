"""`make bench`: PartnerDesk's figures on a large generated program, with baselines.

Run ``python -m benchmarks --help``; see ``benchmarks/README.md``. Benchmarks print
figures and ratios measured in one run; they are not tests and never fail on a timing.
"""
