"""A conditional logit: the one model the fitting tools use (tools/fit_site.py, tools/fit_resolution.py).

A choice set is the rows of one decision (a story's places, a mention's candidate places); the
probability of a row is softmax(weights . features) over its set, and the fit maximises the
probability of the right rows (any of them) with an L2 penalty: towards zero, or towards a prior
(weights set before, by hand) times a scale fitted with them, so that a feature the data never
tells apart keeps its prior's proportion to the others instead of dropping to zero.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize


def loss(w: np.ndarray, sets: list, l2: float) -> tuple[float, np.ndarray]:
    """Negative log-likelihood of the right rows of each set, plus the L2 penalty, and its gradient.

    Parameters
    ----------
    w : numpy.ndarray
        The weights.
    sets : list
        ``(X, right, ...)`` per choice set: a feature matrix and a boolean mask of right rows.
    l2 : float
        The penalty on the squared weights.
    """
    total, grad = l2 * w @ w, 2 * l2 * w
    for X, right, *_ in sets:
        s = X @ w
        s -= s.max()
        e = np.exp(s)
        p_all = e / e.sum()
        p_right = e * right / (e * right).sum()
        total -= np.log((e * right).sum() / e.sum())
        grad -= X.T @ (p_right - p_all)
    return total, grad


def fit(sets: list, l2: float, n_features: int, prior: np.ndarray | None = None) -> np.ndarray:
    """The weights that minimise :func:`loss` (L-BFGS); with a ``prior``, the penalty is on ``w - scale * prior``."""
    if prior is None:
        return minimize(loss, np.zeros(n_features), args=(sets, l2), jac=True, method="L-BFGS-B").x

    def with_prior(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, scale = params[:-1], params[-1]
        total, grad = loss(w, sets, 0.0)
        gap = w - scale * prior
        return total + l2 * gap @ gap, np.append(grad + 2 * l2 * gap, -2 * l2 * gap @ prior)

    start = np.append(prior, 1.0)
    return minimize(with_prior, start, jac=True, method="L-BFGS-B").x[:-1]


def top_right(w: np.ndarray, X: np.ndarray, right: np.ndarray) -> bool:
    """Whether the best scored row of a set (feature matrix ``X``) is one of the ``right`` rows."""
    return bool(right[int(np.argmax(X @ w))])
