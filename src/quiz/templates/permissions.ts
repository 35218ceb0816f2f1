/**
 * The execution role (function.executionRolePolicies): without permission to
 * read the source, CreateEventSourceMapping is rejected ("The provided
 * execution role does not have permissions to call ReceiveMessage on SQS").
 * Every answer here is the validator's verdict, quoted in its own words, and
 * an accepted role's run shows the function receiving records.
 */
import { entry } from '../catalog';
import {
  claim,
  fixOptions,
  type FixCandidate,
  type FixJudge,
  type OptionDraft,
  type Template,
} from '../define';
import { delivered, midOf, need, run, validate, type Draft, type Run } from '../run';
import { Explainer, list, plural } from '../text';
import { A_SOURCE, records } from './common';

type Source = 'kinesis' | 'dynamodb' | 'sqs' | 'sqs-fifo';

/** The managed policy Lambda's console attaches for each source. */
const SOURCE_POLICY: Readonly<Record<Source, string>> = {
  kinesis: 'AWSLambdaKinesisExecutionRole',
  dynamodb: 'AWSLambdaDynamoDBExecutionRole',
  sqs: 'AWSLambdaSQSQueueExecutionRole',
  'sqs-fifo': 'AWSLambdaSQSQueueExecutionRole',
};

const PATH = 'function.executionRolePolicies';

/** A small scenario on `type` whose function has the role `policies`. */
function draftFor(type: Source, policies: readonly string[], seed: number): Draft {
  const stream = type === 'kinesis' || type === 'dynamodb';
  return {
    durationSeconds: 20,
    seed,
    source: { type, ...(type === 'sqs-fifo' ? { ContentBasedDeduplication: true } : {}) },
    mapping: stream ? { StartingPosition: 'TRIM_HORIZON' } : {},
    function: { executionRolePolicies: policies },
    records: records(4, { prefix: stream ? 'r' : 'm' }),
  };
}

/** The validator's verdict on a role: null if Lambda accepts it, else its message at the role's path. */
function verdict(type: Source, policies: readonly string[]): string | null {
  const v = validate(draftFor(type, policies, 1));
  if (v.ok) return null;
  return (
    v.problems.find((p) => p.path === PATH)?.message ?? v.problems.map((p) => p.message).join('; ')
  );
}

const sourceWords = (type: Source): string =>
  type === 'kinesis'
    ? 'the Kinesis stream'
    : type === 'dynamodb'
      ? 'the DynamoDB stream'
      : 'the queue';

/** A validator message in quotes, without its final full stop (the sentence goes on). */
const quoted = (message: string): string => `“${message.replace(/\.$/, '')}”`;

/** What each policy is for, as it matters to reading `type`. */
function policyNote(name: string, type: Source): string | undefined {
  const queue = type === 'sqs' || type === 'sqs-fifo';
  switch (name) {
    case 'AWSLambdaBasicExecutionRole':
      return 'AWSLambdaBasicExecutionRole only lets the function write CloudWatch logs.';
    case 'AWSLambdaRole':
      return 'AWSLambdaRole lets a principal invoke functions; reading the source is what the execution role needs.';
    case 'AWSLambdaVPCAccessExecutionRole':
      return 'AWSLambdaVPCAccessExecutionRole manages network interfaces in a VPC; it reads no source.';
    case 'AWSXRayDaemonWriteAccess':
      return 'AWSXRayDaemonWriteAccess only writes X-Ray traces.';
    case 'AmazonSQSReadOnlyAccess':
      return queue
        ? 'AmazonSQSReadOnlyAccess has no sqs:ReceiveMessage: receiving hides the message and DeleteMessage removes it, so neither counts as read-only.'
        : 'AmazonSQSReadOnlyAccess is about SQS (and lacks even sqs:ReceiveMessage); it gives nothing on a stream.';
    case 'AWSLambdaKinesisExecutionRole':
      return 'Each source has its own execution-role policy: AWSLambdaKinesisExecutionRole reads Kinesis only.';
    case 'AWSLambdaDynamoDBExecutionRole':
      return 'Each source has its own execution-role policy: AWSLambdaDynamoDBExecutionRole reads DynamoDB Streams only.';
    case 'AWSLambdaSQSQueueExecutionRole':
      return 'Each source has its own execution-role policy: AWSLambdaSQSQueueExecutionRole reads SQS only.';
    case 'AmazonDynamoDBFullAccess':
      return 'AmazonDynamoDBFullAccess covers DynamoDB and its streams, nothing else.';
    case 'AmazonKinesisReadOnlyAccess':
      return 'AmazonKinesisReadOnlyAccess covers Kinesis only.';
    case 'AmazonSQSFullAccess':
      return 'AmazonSQSFullAccess covers SQS only.';
    default:
      return undefined;
  }
}

/** Why a policy (or set) does not let Lambda read a source: the misconception it stands for. */
function whyNot(type: Source, policies: readonly string[]): string {
  const said = policies.map((p) => policyNote(p, type)).filter((x): x is string => x !== undefined);
  return `${said.join(' ')} The event source mapping polls ${sourceWords(type)} with the function's execution role, so the role must allow reading it (${SOURCE_POLICY[type]}).`.trim();
}

/** The first invocation of an accepted role's run. */
function firstInvocation(r: Run) {
  const first = delivered(r.report)[0];
  need(first !== undefined, 'nothing delivered');
  return first;
}

const NOT_READING: Readonly<Record<Source, readonly (readonly string[])[]>> = {
  sqs: [
    ['AWSLambdaBasicExecutionRole'],
    ['AWSLambdaBasicExecutionRole', 'AmazonSQSReadOnlyAccess'],
    ['AWSLambdaRole'],
    ['AWSLambdaBasicExecutionRole', 'AWSLambdaKinesisExecutionRole'],
  ],
  'sqs-fifo': [
    ['AWSLambdaBasicExecutionRole'],
    ['AmazonSQSReadOnlyAccess'],
    ['AWSLambdaVPCAccessExecutionRole'],
  ],
  kinesis: [
    ['AWSLambdaBasicExecutionRole'],
    ['AWSLambdaBasicExecutionRole', 'AWSLambdaDynamoDBExecutionRole'],
    ['AWSLambdaRole'],
  ],
  dynamodb: [
    ['AWSLambdaBasicExecutionRole'],
    ['AWSLambdaBasicExecutionRole', 'AWSLambdaKinesisExecutionRole'],
    ['AWSXRayDaemonWriteAccess'],
  ],
};

const fixRole: Template = {
  ...entry('permissions-fix-role'),
  generate(d) {
    const type = d.pick(['sqs', 'sqs-fifo', 'kinesis', 'dynamodb'] as const);
    const role = d.pick(NOT_READING[type]);
    const seed = d.scenarioSeed();
    const base = draftFor(type, role, seed);
    const message = verdict(type, role);
    need(message !== null, 'the role can read the source');
    const attach =
      (name: string): ((b: Draft) => Draft) =>
      (b) => ({
        ...b,
        function: {
          ...b.function,
          executionRolePolicies: [...role.filter((p) => p !== name), name],
        },
      });
    const others = [
      'AmazonSQSReadOnlyAccess',
      'AWSLambdaRole',
      'AWSLambdaVPCAccessExecutionRole',
      ...Object.values(SOURCE_POLICY),
    ].filter((p, i, all) => all.indexOf(p) === i && p !== SOURCE_POLICY[type] && !role.includes(p));
    const candidates: FixCandidate[] = [
      {
        text: `Attach ${SOURCE_POLICY[type]} to the function's execution role`,
        apply: attach(SOURCE_POLICY[type]),
        meant: 'fix',
        misconception: '',
      },
      ...others.map((p): FixCandidate => ({
        text: `Attach ${p} to the function's execution role`,
        apply: attach(p),
        meant: 'wrong',
        misconception: whyNot(type, [p]),
      })),
      {
        text: `Add a resource-based policy to the function allowing ${type.startsWith('sqs') ? 'sqs' : type}.amazonaws.com to invoke it`,
        apply: (b) => b,
        meant: 'wrong',
        misconception:
          'A resource-based policy says who may invoke the function. An event source mapping is Lambda polling the source on the function’s behalf, with the function’s execution role: that role needs the read permission.',
        note: 'The simulator runs this as the unchanged role: a resource-based policy on the function gives its role no permission.',
      },
    ];
    const judge: FixJudge = {
      fixed: () => true,
      describe: (x) => {
        const first = delivered(x.report)[0];
        return `Lambda created the mapping; ${first === undefined ? 'no invocation yet' : `the first invocation received ${list([...first.records])}`}.`;
      },
      moment: (x) => {
        const first = delivered(x.report)[0];
        return {
          at: first === undefined ? 1 : midOf(first),
          follow: null,
          highlight: ['function', type.startsWith('sqs') ? 'queue' : 'shard:0'],
          caption: 'With read permission, the mapping polls and invokes the function.',
        };
      },
    };
    const options = fixOptions(d, base, candidates, judge);
    const r = run(attach(SOURCE_POLICY[type])(base));
    const first = firstInvocation(r);
    const ex = new Explainer();
    ex.say(
      `With the role as it is (${list([...role])}), CreateEventSourceMapping fails: ${quoted(message)}. Lambda checks the execution role when the mapping is created, before any polling.`,
    );
    ex.say(
      `${SOURCE_POLICY[type]} gives the role what the mapping needs to read ${sourceWords(type)}. With it attached the mapping was created, and ${ex.inv(first.n)} received ${list([...first.records])}.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]} and a function whose execution role has ${list([...role])}.`,
        `Creating the event source mapping fails with: ${quoted(message)}.`,
      ],
      prompt:
        'Which one change lets Lambda create the mapping? The simulator validated (and ran) each option.',
      options,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(first),
        follow: null,
        highlight: ['function', type.startsWith('sqs') ? 'queue' : 'shard:0'],
        caption: `With ${SOURCE_POLICY[type]}, the mapping reads ${sourceWords(type)} and invokes the function.`,
      },
    };
  },
};

/** Role sets offered in "which roles work?", per source. */
const ROLE_SETS: readonly (readonly string[])[] = [
  ['AWSLambdaBasicExecutionRole'],
  ['AWSLambdaBasicExecutionRole', 'AWSLambdaSQSQueueExecutionRole'],
  ['AWSLambdaBasicExecutionRole', 'AWSLambdaKinesisExecutionRole'],
  ['AWSLambdaBasicExecutionRole', 'AWSLambdaDynamoDBExecutionRole'],
  ['AmazonSQSReadOnlyAccess'],
  ['AmazonSQSFullAccess'],
  ['AmazonKinesisReadOnlyAccess'],
  ['AmazonDynamoDBFullAccess'],
  ['AWSLambdaRole'],
  ['AWSLambdaVPCAccessExecutionRole', 'AWSXRayDaemonWriteAccess'],
];

const whichRoles: Template = {
  ...entry('permissions-which-roles'),
  generate(d) {
    const type = d.pick(['sqs', 'kinesis', 'dynamodb'] as const);
    const offered = d.sample(ROLE_SETS, 5);
    const options: OptionDraft[] = [];
    let shown: { run: Run; role: readonly string[] } | null = null;
    for (const role of offered) {
      const message = verdict(type, role);
      if (message === null) {
        const r = run(draftFor(type, role, d.scenarioSeed()));
        if (shown === null || role.includes(SOURCE_POLICY[type])) shown = { run: r, role };
        options.push(
          claim(
            list([...role]),
            true,
            '',
            `Lambda accepts it: the function received ${plural(
              delivered(r.report).reduce((n, i) => n + i.records.length, 0),
              'record',
            )}.`,
          ),
        );
      } else {
        options.push(
          claim(
            list([...role]),
            false,
            whyNot(type, role),
            `Lambda rejects it: ${quoted(message)}.`,
          ),
        );
      }
    }
    need(shown !== null && options.some((o) => !o.correct), 'need accepted and rejected roles');
    const first = firstInvocation(shown.run);
    const ex = new Explainer();
    ex.say(
      `The mapping reads ${sourceWords(type)} with the function's execution role, so the role needs ${type === 'sqs' ? 'sqs:ReceiveMessage, DeleteMessage and GetQueueAttributes' : 'GetRecords, GetShardIterator, DescribeStream and ListStreams'} on it: ${SOURCE_POLICY[type]} (least privilege) or a broader policy that includes them.`,
    );
    ex.say(
      `With ${list([...shown.role])}, Lambda created the mapping and ${ex.inv(first.n)} received ${list([...first.records])}.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]} and a new event source mapping for it. Each option is the list of AWS managed policies on the function's execution role; the simulator validates each one.`,
      ],
      prompt: `With which of these execution roles does Lambda create the mapping? Choose every one.`,
      options,
      keepOrder: true,
      explanation: ex,
      showMe: {
        scenario: shown.run.scenario,
        at: midOf(first),
        follow: null,
        highlight: ['function', type === 'sqs' ? 'queue' : 'shard:0'],
        caption: 'An accepted role: the mapping polls and invokes the function.',
      },
    };
  },
};

const whatHappens: Template = {
  ...entry('permissions-what-happens'),
  generate(d) {
    const type = d.pick(['sqs', 'sqs-fifo', 'kinesis', 'dynamodb'] as const);
    const canRead = d.chance(0.25);
    const role = canRead
      ? d.pick([
          [SOURCE_POLICY[type]],
          type.startsWith('sqs')
            ? ['AmazonSQSFullAccess']
            : type === 'kinesis'
              ? ['AmazonKinesisReadOnlyAccess']
              : ['AmazonDynamoDBFullAccess'],
        ])
      : d.pick(NOT_READING[type]);
    const message = verdict(type, role);
    // AWS's words for a role that cannot read this source (the validator's, with logging only).
    const rejection = verdict(type, ['AWSLambdaBasicExecutionRole']);
    need(rejection !== null, 'basic role accepted');
    const seed = d.scenarioSeed();
    const accepted = message === null ? run(draftFor(type, role, seed)) : null;
    const invs = accepted === null ? [] : delivered(accepted.report);
    const options = [
      claim(
        `CreateEventSourceMapping fails: ${quoted(rejection)}.`,
        message === rejection,
        `${list([...role])} lets Lambda read ${sourceWords(type)}, so the mapping is created.`,
        message === null ? 'Lambda accepted the role.' : `Lambda rejected it: ${quoted(message)}.`,
      ),
      claim(
        'The mapping is created and the function receives the records.',
        accepted !== null && invs.length > 0 && invs.every((i) => i.result === 'success'),
        'CreateEventSourceMapping checks the execution role first: without permission to read the source, Lambda refuses to create the mapping.',
        accepted === null ? 'No mapping was created.' : `${plural(invs.length, 'invocation')} ran.`,
      ),
      claim(
        'The mapping is created, but every invocation fails with an access-denied error.',
        accepted !== null && invs.length > 0 && invs.every((i) => i.result !== 'success'),
        'Lambda checks the role when the mapping is created, not at each invocation: the error comes at once, and nothing is invoked.',
        accepted === null ? 'No mapping was created.' : 'The invocations succeeded.',
      ),
      claim(
        'The mapping is created but stays disabled until the permission is added.',
        accepted !== null && invs.length === 0,
        'Lambda does not create a mapping it cannot use: it rejects the request with an error naming the missing permission.',
        accepted === null ? 'No mapping was created.' : `${plural(invs.length, 'invocation')} ran.`,
      ),
    ];
    const shown = accepted ?? run(draftFor(type, [SOURCE_POLICY[type]], seed));
    const first = firstInvocation(shown);
    const ex = new Explainer();
    ex.say(
      message === null
        ? `${list([...role])} includes read access to ${sourceWords(type)}, so Lambda created the mapping and ${ex.inv(first.n)} received ${list([...first.records])}.`
        : `${list([...role])} cannot read ${sourceWords(type)}. Lambda checks the execution role when the mapping is created and refuses it: ${quoted(message)}. Attaching ${SOURCE_POLICY[type]} fixes it: then ${ex.inv(first.n)} receives ${list([...first.records])}.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]}; the function's execution role has ${list([...role])}.`,
        'You create an event source mapping from the source to the function.',
      ],
      prompt: 'What happens?',
      options,
      explanation: ex,
      showMe: {
        scenario: shown.scenario,
        at: midOf(first),
        follow: null,
        highlight: ['function'],
        caption:
          message === null
            ? 'The mapping polls and invokes the function.'
            : `With ${SOURCE_POLICY[type]} attached, the mapping works.`,
      },
    };
  },
};

export const PERMISSIONS_TEMPLATES: readonly Template[] = [fixRole, whichRoles, whatHappens];
