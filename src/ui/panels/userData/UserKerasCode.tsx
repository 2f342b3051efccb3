/**
 * "Keras code" for a run on a user's data (`engine/export/userKerasScript.ts`), in the tutorials'
 * disclosure: the user's file read the same way, the same samples, the model and `fit`. Each kind's
 * card mounts it with its data's facts and its run's model.
 */
import { useMemo } from 'react';
import { userKerasScript, type KerasRun, type UserKerasData } from '../../../engine/export/userKerasScript';
import { KerasCodeBlock } from '../KerasCodeView';

export function UserKerasCode({ data, run, weightsFile, testId }: { data: UserKerasData; run: KerasRun; weightsFile: string; testId: string }) {
  const code = useMemo(() => userKerasScript(data, run, weightsFile), [data, run, weightsFile]);
  return (
    <KerasCodeBlock code={code} testId={testId}>
      This run as a Keras script: your file ({data.file}) read and cut into samples as here, the same model, settings and seed.
      Put the file beside the script; download the model as Keras .h5 to continue from the weights trained here.
    </KerasCodeBlock>
  );
}
