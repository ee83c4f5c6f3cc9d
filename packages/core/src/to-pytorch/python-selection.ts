/**
 * Parameter selection in Python for the emitted PyTorch module: the glob
 * matcher of `selection/match-glob.ts` and the plan of `selection/plan-decay.ts`,
 * line for line (docs/guides/decay-contract.md, "Which parameters a term touches").
 * `selection/__fixtures__/glob-cases.json` holds the cases both must agree on.
 *
 * @packageDocumentation
 */

/** Python source of `match_glob(pattern, name)`, `plan_decay(terms, ranks, unmatched)` and `plan_groups(groups, ranks, unmatched)`. */
export const pythonSelection = String.raw`
def match_glob(pattern, name):
    """'*' matches within one '/'-separated segment; a '**' segment matches zero or more segments."""
    return _match_segments(pattern.split("/"), 0, name.split("/"), 0)


def _match_segments(pattern, i, name, j):
    if i == len(pattern):
        return j == len(name)
    if pattern[i] == "**":
        following = i + 1
        while following < len(pattern) and pattern[following] == "**":
            following += 1
        return any(_match_segments(pattern, following, name, k) for k in range(j, len(name) + 1))
    return j < len(name) and _match_segment(pattern[i], name[j]) and _match_segments(pattern, i + 1, name, j + 1)


def _match_segment(pattern, text):
    p = t = 0
    star, star_text = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] != "*" and pattern[p] == text[t]:
            p, t = p + 1, t + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, star_text = p, t
            p += 1
        elif star >= 0:
            p = star + 1
            star_text += 1
            t = star_text
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def plan_decay(terms, ranks, unmatched="error"):
    """Per decay term, the names of the parameters it touches (ranks: name -> tensor rank, in model order).

    An include pattern or explicit name matching nothing raises ConfigError naming it
    (unmatched="error") or warns (unmatched="warn"); an exclude pattern matching nothing warns.
    Explicit names bypass exclude and minRank.
    """
    if unmatched not in ("error", "warn"):
        raise ConfigError("unmatched", '"error" or "warn"', unmatched)
    return [_select(term["params"], "decay[%d]" % index, ranks, unmatched) for index, term in enumerate(terms)]


def plan_groups(groups, ranks, unmatched="error"):
    """Per entry of the config's groups (config 1.1), the names of its parameters: each parameter
    belongs to the first group whose selection matches it. Selections are checked as a term's are."""
    if unmatched not in ("error", "warn"):
        raise ConfigError("unmatched", '"error" or "warn"', unmatched)
    taken = set()
    plan = []
    for index, group in enumerate(groups):
        selected = _select(group["params"], "groups[%d]" % index, ranks, unmatched)
        own = [name for name in selected if name not in taken]
        taken.update(own)
        if selected and not own:
            warnings.warn("groups[%d]: every parameter it selects belongs to an earlier group, so the group changes nothing" % index)
        plan.append(own)
    return plan


def _select(selection, owner, ranks, unmatched):
    """The names one selection (a decay term's or a group's, at owner) picks, in model order."""
    base = owner + ".params"
    included, excluded, chosen = set(), set(), set()
    for j, pattern in enumerate(selection["include"]):
        hits = [name for name in ranks if match_glob(pattern, name)]
        included.update(hits)
        if not hits:
            _unmatched(unmatched, "%s.include[%d]" % (base, j), "a pattern matching at least one parameter", pattern)
    for j, pattern in enumerate(selection["exclude"]):
        hits = [name for name in ranks if match_glob(pattern, name)]
        excluded.update(hits)
        if not hits:
            warnings.warn("%s.exclude[%d]: exclude pattern %s matched no parameter" % (base, j, json.dumps(pattern)))
    for name, rank in ranks.items():
        if name in included and name not in excluded and rank >= selection["minRank"]:
            chosen.add(name)
    missed = False
    for j, name in enumerate(selection.get("names", [])):
        if name in ranks:
            chosen.add(name)
        else:
            missed = True
            _unmatched(unmatched, "%s.names[%d]" % (base, j), "the name of a parameter of the model", name)
    if not chosen and not missed and included and ranks:
        # Every match was dropped by exclude or minRank: a selection of nothing is as silent as a missed pattern.
        warnings.warn("%s: selects no parameter (every match was dropped by exclude or minRank %d)" % (owner, selection["minRank"]))
    return [name for name in ranks if name in chosen]


def _unmatched(mode, path, expected, received):
    if mode == "error":
        raise ConfigError(path, expected, received)
    warnings.warn("%s: %s matched no parameter" % (path, json.dumps(received)))
`;
