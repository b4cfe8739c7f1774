package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The fair backtest queue on its own: slots are never exceeded, owners take turns, nothing leaks. */
class FairQueueTest {

    /** Records the order tickets get their slot. */
    private final List<String> granted = new ArrayList<>();

    private FairQueue.Ticket ask(FairQueue q, String owner, String name) {
        return q.enqueue(owner, () -> {
            synchronized (granted) {
                granted.add(name);
            }
        });
    }

    @Test
    void aFreeSlotIsGrantedAtOnceAndTheRestWait() {
        FairQueue q = new FairQueue(2);
        FairQueue.Ticket a = ask(q, "sweep", "a");
        FairQueue.Ticket b = ask(q, "sweep", "b");
        FairQueue.Ticket c = ask(q, "sweep", "c");
        assertThat(granted).containsExactly("a", "b");
        assertThat(a.holding()).isTrue();
        assertThat(c.holding()).isFalse();
        assertThat(c.ahead()).isZero();
        assertThat(q.busy()).isEqualTo(2);
        assertThat(q.waiting()).isEqualTo(1);
        b.release();
        assertThat(granted).containsExactly("a", "b", "c");
        assertThat(q.busy()).isEqualTo(2);
    }

    @Test
    void aSingleBacktestQueuedBehindABigSweepGetsTheNextFreeSlot() {
        FairQueue q = new FairQueue(2);
        List<FairQueue.Ticket> sweep = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sweep.add(ask(q, "sweep:big", "cell" + i));
        }
        FairQueue.Ticket single = ask(q, "session:alone", "single");
        assertThat(single.holding()).isFalse();
        assertThat(single.ahead()).as("nothing is ahead of a single backtest that holds no slot").isZero();
        assertThat(sweep.get(2).ahead()).isEqualTo(1);
        sweep.get(0).release();
        assertThat(granted).containsExactly("cell0", "cell1", "single");
        assertThat(single.holding()).isTrue();
    }

    @Test
    void ownersTakeTurnsRoundRobin() {
        FairQueue q = new FairQueue(1);
        FairQueue.Ticket first = ask(q, "x", "x0");
        List<FairQueue.Ticket> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            all.add(ask(q, "x", "x" + i));
        }
        for (int i = 0; i < 3; i++) {
            all.add(ask(q, "y", "y" + i));
            all.add(ask(q, "z", "z" + i));
        }
        FairQueue.Ticket holder = first;
        for (int i = 0; i < 9; i++) {
            holder.release();
            String last = granted.get(granted.size() - 1);
            holder = all.stream().filter(FairQueue.Ticket::holding).findFirst().orElseThrow();
            assertThat(holder.owner()).isEqualTo(last.substring(0, 1));
        }
        assertThat(granted).containsExactly("x0", "y0", "z0", "x1", "y1", "z1", "x2", "y2", "z2", "x3");
    }

    @Test
    void leavingTheQueueWhileWaitingNeverTakesASlotAndReleasingTwiceFreesOnlyOne() {
        FairQueue q = new FairQueue(1);
        FairQueue.Ticket a = ask(q, "a", "a");
        FairQueue.Ticket b = ask(q, "b", "b");
        FairQueue.Ticket c = ask(q, "c", "c");
        b.release();
        a.release();
        a.release();
        assertThat(granted).containsExactly("a", "c");
        assertThat(q.busy()).isEqualTo(1);
        assertThat(q.waiting()).isZero();
        c.release();
        assertThat(q.busy()).isZero();
        assertThatThrownBy(() -> new FairQueue(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void underConcurrentUseNoMoreThanTheSlotsHoldAtOnceAndEveryTicketRuns() throws Exception {
        int slots = 3;
        FairQueue q = new FairQueue(slots);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int tickets = 400;
        CountDownLatch done = new CountDownLatch(tickets);
        Random random = new Random(7);
        for (int i = 0; i < tickets; i++) {
            String owner = "owner" + random.nextInt(5);
            FairQueue.Ticket[] self = new FairQueue.Ticket[1];
            CountDownLatch known = new CountDownLatch(1);
            self[0] = q.enqueue(owner, () -> pool.execute(() -> {
                try {
                    known.await();
                    int now = holding.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    Thread.sleep(1);
                    holding.decrementAndGet();
                    ran.incrementAndGet();
                    self[0].release();
                } catch (Throwable e) {
                    problems.add(e);
                } finally {
                    done.countDown();
                }
            }));
            known.countDown();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(problems).isEmpty();
        assertThat(ran.get()).isEqualTo(tickets);
        assertThat(most.get()).isLessThanOrEqualTo(slots).isGreaterThan(1);
        assertThat(q.busy()).isZero();
        assertThat(q.waiting()).isZero();
    }
}
