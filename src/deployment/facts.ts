// The deployment facts are plain data types shared with core (FileFacts.deployment): they live in core.
export * from '../core/deploymentFacts';
