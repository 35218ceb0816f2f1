/**
 * Infrastructure export: the current mapping, its source and destination as
 * AWS CLI commands, CloudFormation, SAM, Terraform or AWS CDK. Pure
 * TypeScript (no DOM): `exportAll(config, title)` gives every format.
 */
import { awsCli } from './cli';
import { cdk } from './cdk';
import { cloudFormation, sam } from './cloudformation';
import { buildPlan, type IacConfig, type Plan } from './plan';
import { terraform } from './terraform';

export type { IacConfig, Plan } from './plan';
export { buildPlan } from './plan';

/** The formats, in the order the dialog shows them. */
export type IacFormat = 'cli' | 'cloudformation' | 'sam' | 'terraform' | 'cdk';

/** One format's output. */
export interface IacOutput {
  readonly format: IacFormat;
  /** The tab's name. */
  readonly label: string;
  /** The file "Download" saves. */
  readonly fileName: string;
  /** Its MIME type. */
  readonly mime: string;
  readonly text: string;
}

const FORMATS: readonly {
  readonly format: IacFormat;
  readonly label: string;
  readonly fileName: string;
  readonly mime: string;
  readonly write: (plan: Plan, title: string | null) => string;
}[] = [
  {
    format: 'cli',
    label: 'AWS CLI',
    fileName: 'esm-lab.sh',
    mime: 'text/x-shellscript',
    write: awsCli,
  },
  {
    format: 'cloudformation',
    label: 'CloudFormation',
    fileName: 'esm-lab.cloudformation.yaml',
    mime: 'application/yaml',
    write: cloudFormation,
  },
  { format: 'sam', label: 'SAM', fileName: 'template.yaml', mime: 'application/yaml', write: sam },
  {
    format: 'terraform',
    label: 'Terraform',
    fileName: 'esm-lab.tf',
    mime: 'text/plain',
    write: terraform,
  },
  {
    format: 'cdk',
    label: 'AWS CDK',
    fileName: 'esm-lab-stack.ts',
    mime: 'text/typescript',
    write: cdk,
  },
];

/** Every format for a configuration. */
export function exportAll(config: IacConfig, title: string | null): readonly IacOutput[] {
  const plan = buildPlan(config);
  return FORMATS.map(({ format, label, fileName, mime, write }) => ({
    format,
    label,
    fileName,
    mime,
    text: write(plan, title),
  }));
}
