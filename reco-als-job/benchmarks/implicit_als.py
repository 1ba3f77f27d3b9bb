"""Train the Python `implicit` library's ALS on the job's exported split and write top-k lists.

The split comes from the job (`--write-split`: train.tsv / test.tsv, `user_id item_id plays`), so
both libraries train on the same triples. This script only trains and recommends: it writes the
same JSON lines as the job's `--output` ({"user_id": ..., "items": [...]}), and the Java side
(io.harmonia.reco.bench.Score) computes every metric, so the two are scored by one piece of code.

Confidence is the job's: c = 1 + alpha * log(1 + plays / epsilon). `implicit` reads the matrix
values as c itself (missing entries count as c = 1), so the matrix holds 1 + alpha * strength and
the library's own `alpha` stays 1.
"""

import argparse
import csv
import json
import os
import platform
import time

import numpy as np
import scipy
import scipy.sparse as sp
import threadpoolctl

import implicit
from implicit.als import AlternatingLeastSquares


def read_triples(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return [(u, i, int(p)) for u, i, p in rows[1:]]


def build_matrix(triples, alpha, epsilon):
    users = sorted({u for u, _, _ in triples})
    items = sorted({i for _, i, _ in triples})
    user_index = {u: n for n, u in enumerate(users)}
    item_index = {i: n for n, i in enumerate(items)}
    rows = np.array([user_index[u] for u, _, _ in triples])
    cols = np.array([item_index[i] for _, i, _ in triples])
    plays = np.array([p for _, _, p in triples], dtype=np.float64)
    confidence = (1.0 + alpha * np.log1p(plays / epsilon)).astype(np.float32)
    matrix = sp.csr_matrix((confidence, (rows, cols)), shape=(len(users), len(items)))
    return matrix, users, items


def run(args, factors, iterations, regularization, alpha, out_path):
    triples = read_triples(os.path.join(args.split_dir, "train.tsv"))
    matrix, users, items = build_matrix(triples, alpha, args.epsilon)
    model = AlternatingLeastSquares(factors=factors, iterations=iterations, regularization=regularization,
                                    alpha=1.0, use_cg=True, num_threads=args.threads, random_state=args.seed)
    started = time.perf_counter()
    model.fit(matrix, show_progress=False)
    fitted = time.perf_counter()
    user_ids = np.arange(len(users))
    ids, _ = model.recommend(user_ids, matrix[user_ids], N=args.k, filter_already_liked_items=True)
    recommended = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as out:
        for n, user in enumerate(users):
            out.write(json.dumps({"user_id": user, "items": [items[i] for i in ids[n] if i >= 0]}) + "\n")
    return {
        "library": "implicit " + implicit.__version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "blas": [{k: p.get(k) for k in ("internal_api", "num_threads")} for p in threadpoolctl.threadpool_info()],
        "solver": "conjugate gradient (use_cg=True, the default)",
        "threads": args.threads,
        "factors": factors,
        "iterations": iterations,
        "regularization": regularization,
        "alpha": alpha,
        "epsilon": args.epsilon,
        "confidence": "matrix value c = 1 + alpha * log(1 + plays / epsilon); implicit's own alpha = 1",
        "users": len(users),
        "items": len(items),
        "interactions": matrix.nnz,
        "fit_seconds": fitted - started,
        "recommend_seconds": recommended - fitted,
        "topk_file": out_path,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split-dir", required=True)
    parser.add_argument("--out-dir", required=True, help="where implicit-<tag>.jsonl and implicit-runs.json go")
    parser.add_argument("--grid", required=True,
                        help="semicolon-separated runs factors:iterations:regularization:alpha, e.g. '64:15:0.05:10'")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--epsilon", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=0, help="0 = every core (the library's default)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    runs = []
    for spec in args.grid.split(";"):
        factors, iterations, regularization, alpha = spec.split(":")
        tag = spec.replace(":", "_")
        meta = run(args, int(factors), int(iterations), float(regularization), float(alpha),
                   os.path.join(args.out_dir, "implicit-" + tag + ".jsonl"))
        meta["tag"] = tag
        print(json.dumps({k: meta[k] for k in ("tag", "fit_seconds", "recommend_seconds")}), flush=True)
        runs.append(meta)
    with open(os.path.join(args.out_dir, "implicit-runs.json"), "w", encoding="utf-8") as f:
        json.dump(runs, f, indent=2)


if __name__ == "__main__":
    main()
