import type { ProjectModel } from '../core/scope';
import type { DeploymentModel } from '../deployment/model';

/** The deployment model behind a project model (undefined when the engine was built without one). */
export function deploymentOf(model: ProjectModel): DeploymentModel | undefined {
  return model.deployment as DeploymentModel | undefined;
}
