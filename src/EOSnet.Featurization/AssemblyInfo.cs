namespace EOSnet.Featurization;
