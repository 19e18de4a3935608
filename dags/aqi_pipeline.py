"""
### AQI pipeline: WAQI -> PostgreSQL -> Kafka -> Cassandra

Every hour, for the data interval that just ended:

1. **plan**: turns the interval, the run id and the parameters into each step's `aqi`
   command line (shown in its XCom: copy one to rerun a step by hand).
2. **fetch**: current readings from the WAQI API (or the embedded simulator when no
   `waqi_default` connection / `WAQI_TOKEN` exists), every response stored raw in
   PostgreSQL. Runs in the `waqi_api` pool, which bounds concurrent use of the quota.
   In a backfill (any interval, even one that ended minutes ago) and for an interval past
   fetch's grace it asks nothing and says why: WAQI only serves current readings, so
   backfills reprocess the raw layer. The task is then *skipped*.
3. **stage**: raw responses of the interval -> typed `readings` (rejects with a reason).
4. **publish**: the interval's unpublished readings to Kafka as Avro (`--replay`: all of
   them, again; backfills always replay).
5. **classify**: N workers of one consumer group drain the topic up to the offsets seen
   at their start, classify each reading (US EPA) and write Cassandra.
6. **aggregate**: hourly and daily windows touched by the interval's readings;
   **alerts**: hazardous-air episodes opened or closed by them.
7. **report**: every step's summary side by side.

Exit codes of the steps: 0 success, 75 retried with exponential backoff, 1 or 64 failed
without retry, 99 skipped (nothing to do). A step runs when its upstream succeeded or
was skipped, never after a failure.

**Trigger with parameters** (Trigger DAG -> parameters): a station list or a bounding
box instead of the world sweep, the number of classify workers, and replay.

**Backfill**: `airflow backfill create --dag-id aqi_pipeline --from-date ... --to-date ...`
re-stages, replays and re-classifies the raw layer of past intervals; Cassandra ends with
the same rows as the original runs.

Runner: `AQI_RUNNER=local` runs `node dist/tasks/cli.js` on the worker (`AQI_CLI`
overrides it); `AQI_RUNNER=docker` runs the pinned `aqi-tasks` image via DockerOperator.
Settings: the `aqi_config` variable (JSON of the CLI's environment names); secrets: the
`waqi_default` (password = token) and `aqi_postgres` connections.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.sdk import DAG, CronDataIntervalTimetable, Param, TriggerRule, task

from aqi_runtime.argv import DEFAULT_GROUP, MAPPED_STEPS, facts_from_run, plan, unknown_params_problem
from aqi_runtime.operators import mapped_step_task, step_task
from aqi_runtime.report import interval_of, run_report

DAG_ID = "aqi_pipeline"
STEPS = ("fetch", "stage", "publish", "classify", "aggregate", "alerts")
WAQI_POOL = "waqi_api"
# Ranges in the patterns themselves, so a trigger with an impossible box or point is
# refused by the form, not by fetch minutes later.
LATITUDE = r"-?(90(\.0+)?|[1-8]?\d(\.\d+)?)"
LONGITUDE = r"-?(180(\.0+)?|(1[0-7]\d|[1-9]?\d)(\.\d+)?)"
BOUNDS = rf"^\s*{LATITUDE}\s*,\s*{LONGITUDE}\s*,\s*{LATITUDE}\s*,\s*{LONGITUDE}\s*$"
# A station id, a point in range, or a name without the characters no name holds (fetch
# checks the rest the same way for the CLI: tasks/ingest/fetch-plan.ts).
STATION = rf"^\s*(@?-?[1-9]\d*|geo:\s*{LATITUDE}\s*;\s*{LONGITUDE}|(?!\s*(geo:|@))[^<>{{}}\\|^`\"?%/;=&$\x00-\x1f\x7f]{{1,120}})\s*$"

with DAG(
    dag_id=DAG_ID,
    description="WAQI readings -> PostgreSQL -> Kafka (Avro) -> classified in Cassandra, hourly",
    doc_md=__doc__,
    # Stations update hourly; a world sweep (~12,000 stations at 1,000 requests/minute)
    # takes ~12 minutes, so one sweep an hour stays well inside the quota.
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    tags=["aqi", "waqi", "kafka", "cassandra"],
    default_args={
        "owner": "aqi",
        "retries": 3,
        "retry_delay": timedelta(minutes=1),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=15),
        "execution_timeout": timedelta(minutes=20),
    },
    params={
        "stations": Param(
            None,
            type=["null", "array"],
            minItems=1,
            items={"type": "string", "minLength": 1, "maxLength": 120, "pattern": STATION},
            title="Stations",
            description="WAQI station ids (e.g. 1451 or @1451), points (geo:39.9;116.4, the nearest "
            "station) or city names, one per line. "
            "Empty: the bounding box below, or the whole world.",
        ),
        "bounds": Param(
            None,
            type=["null", "string"],
            pattern=BOUNDS,
            title="Bounding box",
            description="lat1,lng1,lat2,lng2 of the area to sweep, e.g. 39.3,115.4,41.1,117.5 "
            "(Beijing). Empty: the whole world.",
        ),
        "workers": Param(
            2,
            type="integer",
            minimum=1,
            maximum=6,
            title="Classify workers",
            description="Parallel classify processes in one consumer group (the readings "
            "topic has 6 partitions, so more than 6 would idle).",
        ),
        "replay": Param(
            False,
            type="boolean",
            title="Replay",
            description="Publish every reading of the interval again, not only unpublished "
            "ones. Safe: Cassandra rows are overwritten, not duplicated. Backfills always replay.",
        ),
    },
) as dag:
    PARAM_NAMES = tuple(dag.params.keys())

    @task(multiple_outputs=True, execution_timeout=timedelta(minutes=1))
    def plan_steps(interval_start: str, interval_end: str, run_after: str, run_id: str, run_type: str, params=None):
        from airflow.exceptions import AirflowFailException
        from airflow.sdk import Variable

        # Refused before any step runs, and not retried: a retry cannot fix a trigger's conf.
        problem = unknown_params_problem(params or {}, PARAM_NAMES)
        if problem:
            raise AirflowFailException(problem)
        facts = facts_from_run(
            interval_start=interval_start,
            interval_end=interval_end,
            run_after=run_after,
            run_id=run_id,
            run_type=run_type,
            params=params or {},
            group=Variable.get("aqi_classify_group", default=DEFAULT_GROUP),
        )
        return plan(STEPS, facts)

    commands = plan_steps.override(task_id="plan")(
        # Through dag_run: a manual run without a logical date has no data_interval_* in
        # its context at all; dag_run renders them as "None" and plan infers the hour.
        interval_start="{{ dag_run.data_interval_start }}",
        interval_end="{{ dag_run.data_interval_end }}",
        run_after="{{ dag_run.run_after }}",
        run_id="{{ run_id }}",
        run_type="{{ dag_run.run_type }}",
    )

    fetch = step_task("fetch", commands["fetch"], pool=WAQI_POOL, execution_timeout=timedelta(minutes=30))
    stage = step_task("stage", commands["stage"], trigger_rule=TriggerRule.NONE_FAILED)
    publish = step_task("publish", commands["publish"], trigger_rule=TriggerRule.NONE_FAILED)

    # Airflow maps only over a task's whole return value, so the workers' argv lists get
    # a task of their own.
    @task(execution_timeout=timedelta(minutes=1))
    def classify_workers(argvs: list) -> list:
        return argvs

    classify = mapped_step_task(
        "classify",
        classify_workers(commands["classify"]),
        trigger_rule=TriggerRule.NONE_FAILED,
        # Longer than classify's own --max-wait-ms (30 min), so the step gives up first,
        # cleanly and retryably, with a summary.
        execution_timeout=timedelta(minutes=35),
    )
    aggregate = step_task("aggregate", commands["aggregate"], trigger_rule=TriggerRule.NONE_FAILED)
    alerts = step_task("alerts", commands["alerts"], trigger_rule=TriggerRule.NONE_FAILED)

    @task(trigger_rule=TriggerRule.NONE_FAILED, execution_timeout=timedelta(minutes=2))
    def report(ti=None):
        summary = run_report({step: ti.xcom_pull(task_ids=step, default=None) for step in STEPS}, MAPPED_STEPS)
        for step, value in summary.items():
            print(f"{step}: {value}")
        return {"interval": interval_of(ti.xcom_pull(task_ids="plan", key="stage")), **summary}

    fetch >> stage >> publish >> classify >> [aggregate, alerts] >> report()
