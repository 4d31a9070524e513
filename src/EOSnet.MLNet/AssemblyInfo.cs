namespace EOSnet.MLNet;
