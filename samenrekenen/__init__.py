"""samenrekenen — business cases, charging and fairness for intermunicipal shared services.

Layers (dependencies point one way): ``model`` (what a case is) → ``engine`` (pure computation)
→ ``io`` (case files, result output) → ``cli``.
"""

__version__ = "0.1.0"
