/**
 * "About this model": what the simulation models, what is exact and what is a
 * stand-in, and the sources. Loaded lazily (its own chunk) when first opened.
 */
import styles from './About.module.css';

interface Choice {
  readonly title: string;
  readonly body: string;
}

/** Behaviour AWS documents that the engine follows exactly. */
const EXACT: readonly Choice[] = [
  {
    title: 'Batching',
    body: 'A batch is sent when it is full (BatchSize), when the batching window elapses, or when the 6 MB payload limit is reached; with no window (0 s) each poll’s records go at once, up to BatchSize. Streams default to BatchSize 100 with no window and accept any size without one. SQS standard queues need a window of at least 1 second above 10 records; FIFO queues have no window and take at most 10.',
  },
  {
    title: 'Execution role',
    body: 'Creating the mapping checks the function’s role: without the source’s read permission (AWSLambdaKinesisExecutionRole, AWSLambdaDynamoDBExecutionRole, AWSLambdaSQSQueueExecutionRole or a broader policy) AWS rejects it with its InvalidParameterValueException message, and so does the lab. The lab checks only that read permission, not the on-failure destination’s, and a role cannot change during a run.',
  },
  {
    title: 'Streams block on failure',
    body: 'One batch at a time per shard (per concurrent-batch slot with ParallelizationFactor up to 10, keeping order per partition key). A failed batch is retried until it succeeds, runs out of MaximumRetryAttempts or grows older than MaximumRecordAgeInSeconds — the shard waits meanwhile.',
  },
  {
    title: 'Bisect, partial batches and destinations',
    body: 'BisectBatchOnFunctionError splits a failing batch in two; ReportBatchItemFailures moves the checkpoint to the lowest failed sequence number (and starts a fresh retry count there). Records that run out of retries go to the on-failure destination (SQS, SNS or S3 with the payload, stored under aws/lambda/<mapping id>/<shard>/<date>/<time>-<id>) or are discarded; a FIFO queue or topic is accepted as destination, but every delivery to it fails and the records are dropped.',
  },
  {
    title: 'Queues',
    body: 'SQS hides a received message for the VisibilityTimeout; a failed batch becomes visible again and a message received maxReceiveCount times moves to the dead-letter queue. FIFO never processes two messages of the same group at once.',
  },
  {
    title: 'SQS scaling',
    body: 'Since 6 November 2023 Lambda starts SQS polling at 5 concurrent invokes and adds up to 300 per minute while messages wait, up to 1,250 — or MaximumConcurrency, or, without MaximumConcurrency, reserved concurrency. MaximumConcurrency reserves nothing: set above the function’s reserved concurrency, the fleet still grows to it and the invokes above the reservation are throttled. Lectures from before then say +60 per minute up to 1,000: that was the 2019–2023 rule. The simulated account keeps the default quota of 1,000 concurrent executions, so here the fleet tops out at 1,000.',
  },
];

/** Places where AWS documents nothing and the model picks a stand-in. */
const STAND_INS: readonly Choice[] = [
  {
    title: 'Retry backoff on streams',
    body: 'AWS publishes no schedule. The model retries after 1 second, doubling after each consecutive failure up to 30 seconds, with no jitter.',
  },
  {
    title: 'Bisecting a single record',
    body: 'A batch of one cannot split further: it is retried until its retries or its maximum age run out. Splits do not use up retries; each piece counts its own.',
  },
  {
    title: 'Polling cadence',
    body: 'Kinesis: one GetRecords per second per shard while idle, back to back (at most 5 per second) while records wait; each returns at most 10,000 records or 10 MiB. DynamoDB Streams: four per second per shard, at most 1,000 records or 1 MB each. The shard’s 2 MB/s read and 1 MB/s write limits are not modelled.',
  },
  {
    title: 'Concurrent batches per shard',
    body: 'With ParallelizationFactor above 1, a record goes to the batch slot its partition key hashes to, so one key is never in two batches at once and keeps its order.',
  },
  {
    title: 'Starting position left out',
    body: 'AWS requires StartingPosition for Kinesis and DynamoDB mappings. A scenario that leaves it out reads from LATEST, the console’s default choice, instead of being refused: records put before the mapping existed are skipped.',
  },
  {
    title: 'SQS poller fleet',
    body: 'Grows by 5 each second while messages wait (300 per minute); halves after throttles; loses part of its size after function errors (not when ReportBatchItemFailures is on); after 10 idle seconds shrinks towards 2.',
  },
  {
    title: 'SQS batching window on a quiet queue',
    body: 'The window opens when the poller’s previous invocation completes; if it passes with nothing received, it starts again at the next message (AWS says Lambda may wait up to 20 seconds on a quiet queue).',
  },
  {
    title: 'SQS receive order',
    body: 'A standard queue hands out its oldest visible messages first — a simplification of SQS’s best-effort order.',
  },
  {
    title: 'FIFO batches',
    body: 'A batch may mix message groups; a group with a message in flight is not received again until that message is deleted or visible again.',
  },
  {
    title: 'Shard routing',
    body: 'Kinesis maps a partition key to a shard by the MD5 of the key over equal hash-key ranges, as Kinesis does. The simulated DynamoDB stream routes item keys the same way; AWS does not document its partitioning.',
  },
  {
    title: 'Tumbling windows',
    body: 'Windows follow the records’ arrival times, per shard (per batch slot above ParallelizationFactor 1). A window ends when a later record arrives, or after 2 minutes without new records; then its final invocation runs, and if it fails the shard waits until it succeeds or its retries or maximum age run out. The simulated function always returns its state, a count of the window’s records, so state never reaches the 1 MB cap: isWindowTerminatedEarly is always false, and a response without state (a failure on AWS) cannot be played.',
  },
  {
    title: 'Deleting a message received twice',
    body: 'When a visibility timeout runs out mid-invocation and the message is delivered again, the first invocation’s delete (with the older receipt handle) still deletes it. Real SQS may keep the message in that case.',
  },
  {
    title: 'On-failure records',
    body: 'A record given up after a function error or timeout carries a responseContext (status 200, functionError "Unhandled"); one given up for its age, or after an invalid or partial response, carries none.',
  },
  {
    title: 'Your function',
    body: 'A stand-in: its duration is base + per-record time (with optional seeded jitter), and it fails the records the scenario marks as poison, at the error rate you set, or when you press "Fail next batch".',
  },
];

const SOURCES: readonly { readonly label: string; readonly href: string }[] = [
  {
    label: 'Lambda event source mappings',
    href: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html',
  },
  {
    label: 'Using Lambda with Kinesis: parameters',
    href: 'https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html',
  },
  {
    label: 'DynamoDB Streams: error handling',
    href: 'https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html',
  },
  {
    label: 'SQS scaling behaviour',
    href: 'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html',
  },
  {
    label: 'SQS error handling',
    href: 'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html',
  },
  {
    label: 'CreateEventSourceMapping API',
    href: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html',
  },
  {
    label: 'Faster SQS polling scale-up (AWS blog, Nov 2023)',
    href: 'https://aws.amazon.com/blogs/compute/introducing-faster-polling-scale-up-for-aws-lambda-functions-configured-with-amazon-sqs/',
  },
];

function ChoiceList({ items }: { readonly items: readonly Choice[] }) {
  return (
    <dl className={styles.list}>
      {items.map((c) => (
        <div key={c.title} className={styles.item}>
          <dt>{c.title}</dt>
          <dd>{c.body}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The About page's content. */
export default function About() {
  return (
    <div className={styles.about}>
      <p className={styles.lead}>
        Lambda ESM Lab simulates how AWS Lambda&apos;s event source mappings read Kinesis streams,
        DynamoDB Streams and SQS queues and invoke your function — one simulated second at a time,
        with a seeded random generator, so the same scenario always plays out the same way. Pause,
        step and rewind it; change a setting mid-run and see what AWS would do.
      </p>
      <section aria-labelledby="about-exact">
        <h3 id="about-exact" className={styles.h3}>
          Modelled as AWS documents it
        </h3>
        <ChoiceList items={EXACT} />
      </section>
      <section aria-labelledby="about-standins">
        <h3 id="about-standins" className={styles.h3}>
          Stand-ins, where AWS documents nothing
        </h3>
        <ChoiceList items={STAND_INS} />
      </section>
      <section aria-labelledby="about-not">
        <h3 id="about-not" className={styles.h3}>
          Not modelled
        </h3>
        <p>
          Resharding, enhanced fan-out, provisioned-mode pollers, network latency and cold starts.
          Metrics are per simulated second, like CloudWatch at 1-second resolution.
        </p>
      </section>
      <section aria-labelledby="about-stage">
        <h3 id="about-stage" className={styles.h3}>
          What the stage draws
        </h3>
        <p>
          The stage reads left to right: the stream&apos;s shards or the queue, the poller, the
          batch, the function, and where records end up. A batch moving between them is drawn for
          about half a simulated second after it happened (at once with reduced motion), so its
          speed on screen follows the playback speed; pausing, stepping or rewinding shows exactly
          where everything is at that moment. Where a lane or a queue holds more records than can be
          told apart, it draws shapes, then counted bars, and says so. Compare mode runs the
          scenario twice with the same seed, so the two runs differ only by the settings you
          changed; one clock drives both.
        </p>
      </section>
      <section aria-labelledby="about-history">
        <h3 id="about-history" className={styles.h3}>
          What the app remembers
        </h3>
        <p>
          To stay light over an hour-long run, the app keeps the most recent 20,000 events and
          invocations (invocations naming at most 20,000 records between them). Once a stream run
          has put 100,000 records, it also forgets records that have finished and that none of
          those, the stage or a pending batch still names: following one then says it is no longer
          kept. Rewinding restores the nearest saved moment and replays from it exactly, so the
          stage, charts and log match what happened. For runs of more than 100,000 records, the run
          summary counts every record by status and checks the recent invocations (up to 2,000). The
          headless runner keeps everything. Lesson progress (the steps you have seen and your first
          answer to each prediction) stays in this browser until you reset it from the Lessons list.
        </p>
      </section>
      <section aria-labelledby="about-practice">
        <h3 id="about-practice" className={styles.h3}>
          Exam practice
        </h3>
        <p>
          Practice questions are generated, never written with an answer key. Each template draws
          its numbers from a seed, runs its scenario in this same engine (in a worker of its own)
          and reads the right answer, the wrong options and the explanation from the run; a
          &ldquo;which setting would fix this?&rdquo; question runs every option. So each answer is
          exactly what this model does, stand-ins included, and a question&apos;s link (template and
          seed) gives the same question again. The spaced-repetition history stays in this browser
          (localStorage) until you reset it.
        </p>
      </section>
      <section aria-labelledby="about-share">
        <h3 id="about-share" className={styles.h3}>
          Links, files and exports
        </h3>
        <p>
          The address bar always holds a link to what is on screen: the scenario, your live edits,
          the moment and the followed record, compressed into the link itself (nothing is stored
          anywhere else). Opening it replays the live edits exactly as you made them, so the run is
          the same. A downloaded scenario file writes live edits as scripted actions, which the
          simulator applies before anything else that happens at the same instant: an edit made at
          exactly such an instant (after Step, or at a whole second) can play out slightly
          differently from the file. The infrastructure export writes only the settings that differ
          from AWS&rsquo;s defaults. After one visit (once it has been open a few seconds) the lab
          also works offline.
        </p>
      </section>
      <section aria-labelledby="about-sources">
        <h3 id="about-sources" className={styles.h3}>
          Sources
        </h3>
        <ul className={styles.sources}>
          {SOURCES.map((s) => (
            <li key={s.href}>
              <a href={s.href} target="_blank" rel="noreferrer noopener">
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
