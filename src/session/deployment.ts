import * as path from 'path';
import type { Project, ProjectModelBuilder } from '../core/project';
import type { ProjectModel } from '../core/scope';
import { buildDeploymentModel, isTestFile, type DeploymentModel } from '../deployment/model';

/** The project model the engine scopes findings with: the deployment model (deployment.md) seen through core's interface. */
export interface DeploymentProjectModel extends ProjectModel {
  readonly deployment: DeploymentModel;
}

export const deploymentProjectModel: ProjectModelBuilder = (project: Project): DeploymentProjectModel => {
  const deployment = buildDeploymentModel(project);
  const root = path.resolve(project.root);
  return {
    deployment,
    deployed: deployment.deployed,
    productionScope: (file) => deployment.scopeOf(file) ?? deployment.servingScopeOf(file),
    isRunnable: (file) => deployment.isRunnable(file),
    isTest: (file) => isTestFile(path.relative(root, path.resolve(file)).split(path.sep).join('/')),
  };
};
