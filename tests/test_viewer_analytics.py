"""The viewer's analytics queue (viewer/src/analytics.js), run under node: events go in batches, a
failed batch is tried once more and then dropped, a refused one is not tried again."""

from __future__ import annotations

from typing import Any

from tests.viewer_node import module_specifier, run_node


def run(body: str) -> Any:
    return run_node(
        f"const m = await import({module_specifier('analytics.js')});\n"
        f"const result = await (async () => {{ {body} }})();\n"
        "console.log(JSON.stringify(result));"
    )


QUEUE = """
const answers = ANSWERS;  // one HTTP status per post, in order (0: no answer)
const posted = [];
const transport = {
    post: async (url, body) => {
        posted.push(JSON.parse(body).events.length);
        return answers.shift() ?? 202;
    },
    beacon: (url, body) => { posted.push(-JSON.parse(body).events.length); return true; },
};
const q = new m.EventQueue({ ...m.ANALYTICS_SETTINGS, batchSize: 3, maxQueue: 8 }, transport);
"""


def test_events_go_in_batches_and_a_failed_batch_is_tried_once_more_then_dropped() -> None:
    result = run(
        QUEUE.replace("ANSWERS", "[202, 503, 0, 202]")
        + """
        for (let i = 0; i < 7; i++) q.record({ kind: 'visit' });
        await q.flush();  // 3 stored, 3 failed (kept to retry), the last 1 waits
        const first = { posted: [...posted], queued: q.size, stats: { ...q.stats } };
        await q.flush();  // the retry fails again: dropped; then the last 1 is stored
        return { first, posted, queued: q.size, stats: q.stats };
        """
    )
    assert result["first"]["posted"] == [3, 3]
    assert result["first"]["queued"] == 4 and result["first"]["stats"]["sent"] == 3
    assert result["posted"] == [3, 3, 3, 1]
    assert result["queued"] == 0
    assert result["stats"] == {"recorded": 7, "sent": 4, "dropped": 3, "requests": 4}


def test_a_refused_batch_is_not_sent_again_and_the_queue_is_bounded() -> None:
    result = run(
        QUEUE.replace("ANSWERS", "[422]")
        + """
        for (let i = 0; i < 10; i++) q.record({ kind: 'position', hall: 'A', x: i, y: 0 });
        const kept = q.pending.map((e) => e.x);
        await q.flush();
        q.record({ kind: 'visit' });
        q.beaconAll();
        return { kept, posted, stats: q.stats, queued: q.size };
        """
    )
    assert result["kept"] == [2, 3, 4, 5, 6, 7, 8, 9]  # the oldest went first
    assert result["posted"] == [3, 3, 2, -1]
    assert result["stats"] == {"recorded": 11, "sent": 6, "dropped": 5, "requests": 4}
    assert result["queued"] == 0


def test_a_product_id_is_the_booth_ref_and_the_product_number() -> None:
    booth = '{ ref: "EX7", products: ["Kettle", "", "Chair"] }'
    assert run(f"return [m.productId({booth}, 'Chair'), m.productId({booth}, 'Lamp')];") == ["EX7/3", None]
