/**
 * Small inline SVG icons for the stage and legend. Decorative (aria-hidden):
 * every icon is paired with visible text.
 */
import type { ReactElement } from 'react';
import type { DestinationKind } from '../../engine/types';

interface IconProps {
  readonly size?: number;
  readonly className?: string;
}

const base = (size: number, className: string | undefined) => ({
  width: size,
  height: size,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
  focusable: false,
  ...(className !== undefined ? { className } : {}),
});

/** SQS queue: stacked messages. */
export function QueueIcon({ size = 18, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <rect x="3" y="4" width="18" height="5" rx="1" />
      <rect x="3" y="10" width="18" height="5" rx="1" />
      <rect x="3" y="16" width="18" height="5" rx="1" />
    </svg>
  );
}

/** SNS topic: a broadcast. */
export function TopicIcon({ size = 18, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <circle cx="12" cy="12" r="2.5" />
      <path d="M7.5 7.5a6.4 6.4 0 0 0 0 9M16.5 7.5a6.4 6.4 0 0 1 0 9M4.6 4.6a10.5 10.5 0 0 0 0 14.8M19.4 4.6a10.5 10.5 0 0 1 0 14.8" />
    </svg>
  );
}

/** S3 bucket. */
export function BucketIcon({ size = 18, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <ellipse cx="12" cy="6" rx="8" ry="2.5" />
      <path d="M4 6l2 13c.3 1.4 3 2.5 6 2.5s5.7-1.1 6-2.5L20 6" />
    </svg>
  );
}

/** Discarded: a bin. */
export function BinIcon({ size = 18, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6" />
    </svg>
  );
}

/** FIFO group lock. */
export function LockIcon({ size = 16, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

/** The ESM poller. */
export function PollerIcon({ size = 18, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <path d="M21 12a9 9 0 1 1-3-6.7" />
      <path d="M21 4v5h-5" />
    </svg>
  );
}

/** A Lambda function invocation. */
export function LambdaIcon({ size = 18, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <path d="M6 20l5-9M9 4h3l7 16" />
    </svg>
  );
}

/** Blocked / warning. */
export function BlockIcon({ size = 16, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <circle cx="12" cy="12" r="9" />
      <path d="M6 18L18 6" />
    </svg>
  );
}

/** Bisect: a batch split in two. */
export function SplitIcon({ size = 16, className }: IconProps): ReactElement {
  return (
    <svg {...base(size, className)}>
      <path d="M12 3v6M12 9l-6 6v6M12 9l6 6v6" />
    </svg>
  );
}

/** The icon of an on-failure destination kind. */
export function DestinationIcon({
  kind,
  size = 18,
}: {
  readonly kind: DestinationKind;
  readonly size?: number;
}): ReactElement {
  switch (kind) {
    case 'sqs':
      return <QueueIcon size={size} />;
    case 'sns':
      return <TopicIcon size={size} />;
    case 's3':
      return <BucketIcon size={size} />;
  }
}

/** "Amazon SQS queue" etc. */
export const DESTINATION_LABEL: Readonly<Record<DestinationKind, string>> = {
  sqs: 'SQS queue',
  sns: 'SNS topic',
  s3: 'S3 bucket',
};
