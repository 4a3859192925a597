"""The attack and fault tests' measured figures, printed after the run by `make attack` (ATTACK_FIGURES=1).

    figures.record("requests tried", 10000)      # a total: added up over the tests that record it
    figures.worst("worst answer under faults (s)", 2.4)   # the largest value wins
"""
FIGURES: dict[str, float] = {}
ORDER: list[str] = []


def _name(name):
    if name not in FIGURES:
        ORDER.append(name)
        FIGURES[name] = 0


def record(name, value):
    _name(name)
    FIGURES[name] += value


def worst(name, value):
    _name(name)
    FIGURES[name] = max(FIGURES[name], value)


def set_value(name, value):
    _name(name)
    FIGURES[name] = value


def lines():
    return [f"  {name}: {FIGURES[name]:g}" if isinstance(FIGURES[name], float) else f"  {name}: {FIGURES[name]}"
            for name in ORDER]
